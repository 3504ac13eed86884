/**
 * JMH benchmarks of the matrix kernels of {@link dev.backprop.math.Kernels} on the shapes that
 * training computes, with OpenBLAS measured in the same run as the yardstick:
 * {@link dev.backprop.bench.GemmBenchmark} is the benchmark, {@link dev.backprop.bench.KernelReport}
 * runs it and prints GFLOP/s and the ratio to OpenBLAS, and {@link dev.backprop.bench.KernelImpls}
 * names the implementations.
 */
package dev.backprop.bench;
