/**
 * The bottom layer, which depends on nothing else of Backprop: the matrix kernels behind the
 * {@link dev.backprop.math.Kernels} interface that the backpropagation equations call, with their
 * plain-Java reference implementation; the reproducible random source {@link dev.backprop.math.Rng};
 * and the shape checks {@link dev.backprop.math.Shapes} that every layer above shares.
 */
package dev.backprop.math;
