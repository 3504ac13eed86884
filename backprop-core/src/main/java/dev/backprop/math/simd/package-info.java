/**
 * The SIMD kernels on the JDK Vector API ({@code jdk.incubator.vector}), not exported: the code
 * above reaches them only through {@link dev.backprop.math.Kernels}. By strategy: the GEMM driver
 * and its task ({@link dev.backprop.math.simd.Gemm}), the small unpacked kernel ({@code Small}),
 * the outer-product kernel ({@code Outer}), the dot-product kernel ({@code Dot}), packing
 * ({@code Pack}), with the generated micro-kernels, unpacked tiles and packing transposes
 * ({@code MicroKernels}, {@code UnpackedTiles}, {@code Transposes}, written by {@code gen_micro.py}
 * in this folder); the operands they read ({@code Operands}) and the threads they share
 * ({@link dev.backprop.math.simd.WorkerPool}); and the activations' elementwise numerics, scalar
 * ({@link dev.backprop.math.simd.Elementwise}) and on lanes
 * ({@link dev.backprop.math.simd.VectorElementwise}). Nothing here depends on the rest of Backprop.
 */
package dev.backprop.math.simd;
