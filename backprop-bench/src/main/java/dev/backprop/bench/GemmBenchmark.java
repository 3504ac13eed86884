package dev.backprop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one {@code gemm} per operation, for every training shape of
 * {@link GemmShape#all()} and every implementation of {@link KernelImpls}, OpenBLAS included, so
 * that each figure can be divided by OpenBLAS's for the same shape.
 *
 * <p>The score is nanoseconds per product; since {@link GemmShape#flops()} is 2·M·N·K,
 * GFLOP/s = flops / (ns/op), which {@link KernelReport} prints. Each (shape, impl) pair runs in
 * its own forked JVM, started with {@code --add-modules jdk.incubator.vector} for the SIMD kernels
 * and {@code --enable-native-access=ALL-UNNAMED} for OpenBLAS (JDK 24+ warn without it).
 * Setup checks the implementation's C against a double-precision product, so every
 * implementation is measured on the same, correct, work.
 *
 * <p>Run with {@link KernelReport}, or with plain JMH:
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main GemmBenchmark -p shape=N2.L2.fwd -p impl=backprop,openblas@2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {

    /** The product: a name from {@link GemmShape#all()}, config.layer.form. */
    @Param({
        "N1.L1.fwd", "N1.L1.grad",
        "N1.L2.fwd", "N1.L2.grad", "N1.L2.back",
        "N2.L1.fwd", "N2.L1.grad",
        "N2.L2.fwd", "N2.L2.grad", "N2.L2.back",
        "N2.L3.fwd", "N2.L3.grad", "N2.L3.back",
        "N3.L1.fwd", "N3.L1.grad",
        "N3.L2.fwd", "N3.L2.grad", "N3.L2.back",
    })
    public String shape;

    /** The implementation: {@code name} or {@code name@threads}, see {@link KernelImpls}. */
    @Param({"vector@1", "vector@2", "openblas@1", "openblas@2"})
    public String impl;

    private PreparedGemm gemm;

    /** Creates a benchmark; JMH does this. */
    public GemmBenchmark() {
    }

    /**
     * Allocates the operands (native ones for OpenBLAS), computes C once and checks it.
     *
     * @throws IllegalStateException if C is wrong
     */
    @Setup(Level.Trial)
    public void setUp() {
        GemmShape s = GemmShape.of(shape);
        float[][] ab = s.operands();
        gemm = KernelImpls.prepare(impl, s, ab[0], ab[1]);
        gemm.run();
        String error = s.check(ab[0], ab[1], gemm.result());
        if (error != null) {
            throw new IllegalStateException(impl + " computes a wrong product: " + error);
        }
    }

    /** Frees native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        gemm.close();
    }

    /** One product C = op(A)·op(B). */
    @Benchmark
    public void gemm() {
        gemm.run();
    }
}
