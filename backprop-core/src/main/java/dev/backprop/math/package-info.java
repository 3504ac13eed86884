/**
 * The bottom layer, which depends on nothing else of Backprop: the matrix and elementwise kernels
 * behind the {@link dev.backprop.math.Kernels} interface that the backpropagation equations call,
 * with their plain-Java reference implementation ({@link dev.backprop.math.Kernels#scalar()}) and
 * the SIMD one, whose code lives in the package {@code dev.backprop.math.simd} (not exported); the
 * reproducible random source {@link dev.backprop.math.Rng}; and the shape checks
 * {@link dev.backprop.math.Shapes} that every layer above shares.
 */
package dev.backprop.math;
