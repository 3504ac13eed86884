package dev.backprop.math;

import dev.backprop.Generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of every {@link Kernels} implementation (scalar, and the Vector API kernels on 1, 2
 * and 4 threads) on random shapes, transpose forms, leading-dimension padding and offsets:
 * <ul>
 * <li>gemm agrees with a naive triple loop in double within k·max|a|·max|b|·2^-23, and exactly
 *     when the data are small integers (every partial sum is then exact in float32);</li>
 * <li>the vector kernels give the same bits on 1, 2 and 4 threads;</li>
 * <li>nothing outside the output is written, and nothing outside the inputs is read: padding and
 *     the area before the offsets hold NaN (it would poison any result that read it), and the
 *     output starts as NaN (it would survive if gemm accumulated instead of overwriting);</li>
 * <li>addRowVector, columnSums, add and rankOneDescent give exactly the bits of their definition,
 *     and rankOneDescent those of a k = 1 gemm followed by the step;</li>
 * <li>forRange visits every index exactly once.</li>
 * </ul>
 * Each case is drawn from its seed by a {@link Generator}, which favours the bounds of every range
 * below; a failure prints the seed and the command that reruns that case alone.
 */
@ExtendWith(Generator.ReportsSeed.class)
class KernelsPropertyTest {
    static final Kernels SCALAR = Kernels.scalar();
    static final Kernels V1 = Kernels.create(1);
    static final Kernels V2 = Kernels.create(2);
    static final Kernels V4 = Kernels.create(4);
    static final Kernels[] ALL = {SCALAR, V1, V2, V4};

    /** Dimensions around the vector width (16 floats with AVX-512), primes, and a few larger. */
    static final int[] DIMS = {1, 2, 3, 7, 13, 15, 16, 17, 31, 33, 37, 61, 97, 100, 129, 257};
    /** The DIMS and an empty inner dimension. */
    static final int[] K_DIMS = {0, 1, 2, 3, 7, 13, 15, 16, 17, 31, 33, 37, 61, 97, 100, 129, 257};
    /** Shapes of at least 61·61·61 ≈ 2^18 multiply-adds, most past the 2^20 at which the work is split. */
    static final int[] BIG_DIMS = {61, 97, 100, 129, 257};
    /** The data of a gemm case: uniform in [−1, 1] times a power of two, or small integers. */
    static final String[] KINDS = {"uniform·2^-10", "uniform", "uniform·2^10", "integers -8..8"};

    static final float GUARD = Float.NaN;

    /** A stored matrix: its array with a NaN prefix and NaN padding after each row. */
    record Stored(float[] array, int off, int ld, int rows, int cols) {
        float get(int r, int c) {
            return array[off + r * ld + c];
        }
    }

    /**
     * @param kind 0: uniform in [−1, 1] times a power-of-two scale; 1: small integers −8..8
     */
    static Stored stored(Generator rnd, int rows, int cols, int pad, int off, int kind, float scale) {
        int ld = cols + pad;
        float[] a = new float[off + rows * ld + pad];
        Arrays.fill(a, GUARD);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                a[off + r * ld + c] = kind == 1 ? rnd.nextInt(17) - 8 : (float) (rnd.nextDouble(-1, 1) * scale);
            }
        }
        return new Stored(a, off, ld, rows, cols);
    }

    static String form(boolean ta, boolean tb) {
        return (ta ? "T" : "N") + (tb ? "T" : "N");
    }

    /** A gemm case: shape, transposes, padding after each row, offsets, the kind of data. */
    record GemmCase(long seed, int m, int n, int k, boolean ta, boolean tb, int padA, int padB, int padC,
            int offA, int offB, int offC, int kind, long data) {
        static GemmCase draw(Generator g) {
            return new GemmCase(g.seed(), g.oneOf(DIMS), g.oneOf(DIMS), g.oneOf(K_DIMS), g.bool(), g.bool(),
                    g.between(0, 5), g.between(0, 5), g.between(0, 5), g.between(0, 9), g.between(0, 9),
                    g.between(0, 9), g.between(0, 3), g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": " + form(ta, tb) + " " + m + "×" + n + "×" + k + ", padding " + padA + "/"
                    + padB + "/" + padC + ", offsets " + offA + "/" + offB + "/" + offC + ", " + KINDS[kind];
        }
    }

    static Stream<GemmCase> gemmCases() {
        return Generator.cases("gemm", 300, GemmCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("gemmCases")
    void gemmAgreesWithTheDefinitionAndWritesOnlyItsOutput(GemmCase input) {
        int m = input.m(), n = input.n(), k = input.k(), kind = input.kind();
        int offC = input.offC(), padC = input.padC();
        boolean ta = input.ta(), tb = input.tb();
        Generator rnd = new Generator(input.data());
        boolean integers = kind == 3;
        float scale = new float[] {0x1p-10f, 1f, 0x1p10f}[Math.min(kind, 2)];
        Stored a = ta ? stored(rnd, k, m, input.padA(), input.offA(), integers ? 1 : 0, scale)
                : stored(rnd, m, k, input.padA(), input.offA(), integers ? 1 : 0, scale);
        Stored b = tb ? stored(rnd, n, k, input.padB(), input.offB(), integers ? 1 : 0, scale)
                : stored(rnd, k, n, input.padB(), input.offB(), integers ? 1 : 0, scale);
        double maxA = maxAbs(a);
        double maxB = maxAbs(b);
        double tolerance = k * maxA * maxB * 0x1p-23;
        int ldc = n + padC;
        float[][] results = new float[ALL.length][];
        for (int s = 0; s < ALL.length; s++) {
            float[] c = new float[offC + m * ldc + padC];
            Arrays.fill(c, GUARD);
            ALL[s].gemm(ta, tb, m, n, k, a.array(), a.off(), a.ld(), b.array(), b.off(), b.ld(), c, offC, ldc);
            results[s] = c;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int p = 0; p < k; p++) {
                        want += (double) (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                    }
                    float got = c[offC + i * ldc + j];
                    if (integers ? got != want : !(Math.abs(got - want) <= tolerance)) {
                        fail(ALL[s] + " " + form(ta, tb) + " " + m + "×" + n + "×" + k + " C[" + i + "][" + j
                                + "] = " + got + ", the definition gives " + want + (integers ? " exactly"
                                : " (tolerance " + tolerance + ")"));
                    }
                }
            }
            for (int x = 0; x < c.length; x++) {
                int r = (x - offC) / ldc;
                boolean output = x >= offC && r < m && (x - offC) % ldc < n;
                if (!output && !Float.isNaN(c[x])) {
                    fail(ALL[s] + " " + form(ta, tb) + " " + m + "×" + n + "×" + k + " wrote " + c[x]
                            + " at " + x + ", outside its output");
                }
            }
        }
        assertBitIdentical(results, form(ta, tb) + " " + m + "×" + n + "×" + k);
    }

    /** A case of the thread-count property: a shape large enough to be split, transposes, padding. */
    record ThreadsCase(long seed, int m, int n, int k, boolean ta, boolean tb, int pad, long data) {
        static ThreadsCase draw(Generator g) {
            return new ThreadsCase(g.seed(), g.oneOf(BIG_DIMS), g.oneOf(BIG_DIMS), g.oneOf(BIG_DIMS), g.bool(),
                    g.bool(), g.between(0, 3), g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": " + form(ta, tb) + " " + m + "×" + n + "×" + k + ", padding " + pad;
        }
    }

    static Stream<ThreadsCase> threadsCases() {
        return Generator.cases("threads", 40, ThreadsCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("threadsCases")
    void vectorGemmGivesTheSameBitsOnOneTwoAndFourThreads(ThreadsCase input) {
        int m = input.m(), n = input.n(), k = input.k(), pad = input.pad();
        boolean ta = input.ta(), tb = input.tb();
        Generator rnd = new Generator(input.data());
        Stored a = ta ? stored(rnd, k, m, pad, 1, 0, 1f) : stored(rnd, m, k, pad, 1, 0, 1f);
        Stored b = tb ? stored(rnd, n, k, pad, 2, 0, 1f) : stored(rnd, k, n, pad, 2, 0, 1f);
        float[][] results = new float[ALL.length][];
        for (int s = 0; s < ALL.length; s++) {
            results[s] = new float[m * n];
            ALL[s].gemm(ta, tb, m, n, k, a.array(), a.off(), a.ld(), b.array(), b.off(), b.ld(), results[s], 0, n);
        }
        assertBitIdentical(results, form(ta, tb) + " " + m + "×" + n + "×" + k);
    }

    /** The vector kernels' results (indices 1..3) must be bit-identical to each other. */
    static void assertBitIdentical(float[][] results, String what) {
        for (int s = 2; s < ALL.length; s++) {
            for (int x = 0; x < results[1].length; x++) {
                if (Float.floatToRawIntBits(results[1][x]) != Float.floatToRawIntBits(results[s][x])) {
                    fail(what + ": " + ALL[s] + " gives " + results[s][x] + " at " + x + ", " + ALL[1] + " gives "
                            + results[1][x]);
                }
            }
        }
    }

    static double maxAbs(Stored s) {
        double max = 0;
        for (int r = 0; r < s.rows(); r++) {
            for (int c = 0; c < s.cols(); c++) {
                max = Math.max(max, Math.abs(s.get(r, c)));
            }
        }
        return max;
    }

    static float[] guarded(Generator rnd, int off, int n, int tail) {
        float[] v = new float[off + n + tail];
        Arrays.fill(v, GUARD);
        for (int i = 0; i < n; i++) {
            v[off + i] = (float) rnd.nextDouble(-4, 4);
        }
        return v;
    }

    static void assertSameBits(float[] want, float[] got, String what) {
        for (int x = 0; x < want.length; x++) {
            if (Float.floatToRawIntBits(want[x]) != Float.floatToRawIntBits(got[x])) {
                fail(what + ": at " + x + " expected " + want[x] + ", got " + got[x]);
            }
        }
    }

    /** An elementwise case: a rows × cols matrix and where it and the vector start. */
    record ElementwiseCase(long seed, int rows, int cols, int off, int vOff, long data) {
        static ElementwiseCase draw(Generator g) {
            return new ElementwiseCase(g.seed(), g.oneOf(DIMS), g.oneOf(DIMS), g.between(0, 9), g.between(0, 9),
                    g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": " + rows + "×" + cols + ", offsets " + off + "/" + vOff;
        }
    }

    static Stream<ElementwiseCase> elementwiseCases() {
        return Generator.cases("elementwise", 200, ElementwiseCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("elementwiseCases")
    void elementwiseOperationsGiveTheBitsOfTheirDefinition(ElementwiseCase input) {
        int rows = input.rows(), cols = input.cols(), off = input.off(), vOff = input.vOff();
        for (Kernels kern : ALL) {
            Generator rnd = new Generator(input.data());
            float[] x = guarded(rnd, off, rows * cols, 3);
            float[] v = guarded(rnd, vOff, cols, 3);

            float[] want = x.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    want[off + r * cols + j] += v[vOff + j];
                }
            }
            float[] got = x.clone();
            kern.addRowVector(got, off, rows, cols, v, vOff);
            assertSameBits(want, got, kern + " addRowVector " + rows + "×" + cols);

            float[] sums = guarded(rnd, vOff, cols, 3);
            float[] wantSums = sums.clone();
            for (int j = 0; j < cols; j++) {
                float s = 0f;
                for (int r = 0; r < rows; r++) {
                    s += x[off + r * cols + j];
                }
                wantSums[vOff + j] = s;
            }
            kern.columnSums(x, off, rows, cols, sums, vOff);
            assertSameBits(wantSums, sums, kern + " columnSums " + rows + "×" + cols);

            int len = rows * cols;
            float[] y = guarded(rnd, vOff, len, 3);
            float[] wantY = y.clone();
            for (int i = 0; i < len; i++) {
                wantY[vOff + i] += x[off + i];
            }
            kern.add(x, off, y, vOff, len);
            assertSameBits(wantY, y, kern + " add " + len);
        }
    }

    /** A rankOneDescent case: an m × n weight matrix and where the vectors start. */
    record RankOneCase(long seed, int m, int n, int off, long data) {
        static RankOneCase draw(Generator g) {
            return new RankOneCase(g.seed(), g.oneOf(DIMS), g.oneOf(DIMS), g.between(0, 9), g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": " + m + "×" + n + ", offset " + off;
        }
    }

    static Stream<RankOneCase> rankOneCases() {
        return Generator.cases("rankOne", 200, RankOneCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("rankOneCases")
    void rankOneDescentIsAOneCaseGradientThenAStep(RankOneCase input) {
        int m = input.m(), n = input.n(), off = input.off();
        Generator rnd = new Generator(input.data());
        float step = (float) rnd.nextDouble(0.001, 2);
        float[] delta = guarded(rnd, off, m, 2);
        float[] act = guarded(rnd, off + 1, n, 2);
        float[] w0 = guarded(rnd, off, m * n, 2);
        for (Kernels kern : ALL) {
            float[] want = w0.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    want[off + i * n + j] -= step * Math.fma(act[off + 1 + j], delta[off + i], 0f);
                }
            }
            float[] w = w0.clone();
            kern.rankOneDescent(step, delta, off, m, act, off + 1, n, w, off);
            assertSameBits(want, w, kern + " rankOneDescent " + m + "×" + n);
            // the same bits as ∂E/∂W = δ aᵀ from gemm (TN, k = 1), then W − step · ∂E/∂W
            float[] grad = new float[m * n];
            kern.gemm(true, false, m, n, 1, delta, off, m, act, off + 1, n, grad, 0, n);
            float[] stepped = w0.clone();
            for (int x = 0; x < m * n; x++) {
                stepped[off + x] -= step * grad[x];
            }
            assertSameBits(stepped, w, kern + " rankOneDescent vs gemm " + m + "×" + n);
        }
    }

    /**
     * A forRange case: half the time a length up to 300, half the time one around the length at
     * which the range is split, or a large one.
     */
    record RangeCase(long seed, int length) {
        static RangeCase draw(Generator g) {
            int big = VectorKernels.RANGE_PARALLEL_MIN;
            return new RangeCase(g.seed(), g.bool() ? g.oneOf(big - 1, big, big + 1, big + 63, 3 * big + 17, 1_000_003)
                    : g.between(0, 300));
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": length " + length;
        }
    }

    static Stream<RangeCase> rangeCases() {
        return Generator.cases("forRange", 20, RangeCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("rangeCases")
    void forRangeVisitsEveryIndexOnce(RangeCase input) {
        int length = input.length();
        for (Kernels kern : ALL) {
            AtomicIntegerArray seen = new AtomicIntegerArray(length);
            kern.forRange(length, (from, to) -> {
                assertTrue(0 <= from && from <= to && to <= length, from + ".." + to + " of " + length);
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < length; i++) {
                if (seen.get(i) != 1) {
                    fail(kern + " forRange(" + length + ") visited " + i + " " + seen.get(i) + " times");
                }
            }
        }
    }

    @Test
    void theVectorKernelsAreInUse() {
        // without --add-modules jdk.incubator.vector create() falls back to the scalar kernels and
        // the thread-count properties above would compare the scalar kernels with themselves
        assertTrue(Kernels.vectorApiAvailable());
        assertEquals(VectorKernels.class, V4.getClass());
        assertEquals(4, ((VectorKernels) V4).threads());
    }
}
