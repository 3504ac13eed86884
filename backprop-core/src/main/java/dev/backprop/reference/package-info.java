/**
 * The double-precision reference: the seed's equations loop by loop in index notation
 * ({@link dev.backprop.reference.ReferenceNetwork}), the oracle for the fast float32 path.
 */
package dev.backprop.reference;
