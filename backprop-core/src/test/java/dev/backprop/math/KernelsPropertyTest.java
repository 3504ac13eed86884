package dev.backprop.math;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
 */
class KernelsPropertyTest {
    static final Kernels SCALAR = Kernels.scalar();
    static final Kernels V1 = Kernels.create(1);
    static final Kernels V2 = Kernels.create(2);
    static final Kernels V4 = Kernels.create(4);
    static final Kernels[] ALL = {SCALAR, V1, V2, V4};

    /** Dimensions around the vector width (16 floats with AVX-512), primes, and a few larger. */
    static final Integer[] DIMS = {1, 2, 3, 7, 13, 15, 16, 17, 31, 33, 37, 61, 97, 100, 129, 257};

    static final float GUARD = Float.NaN;

    @Provide
    Arbitrary<Integer> dim() {
        return Arbitraries.of(DIMS);
    }

    @Provide
    Arbitrary<Integer> kDim() {
        Integer[] withZero = Arrays.copyOf(DIMS, DIMS.length + 1);
        withZero[DIMS.length] = 0;
        return Arbitraries.of(withZero);
    }

    @Provide
    Arbitrary<Integer> bigDim() {
        return Arbitraries.of(61, 97, 100, 129, 257);
    }

    /** A stored matrix: its array with a NaN prefix and NaN padding after each row. */
    record Stored(float[] array, int off, int ld, int rows, int cols) {
        float get(int r, int c) {
            return array[off + r * ld + c];
        }
    }

    /**
     * @param kind 0: uniform in [−1, 1] times a power-of-two scale; 1: small integers −8..8
     */
    static Stored stored(SplittableRandom rnd, int rows, int cols, int pad, int off, int kind, float scale) {
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

    @Property(tries = 300)
    void gemmAgreesWithTheDefinitionAndWritesOnlyItsOutput(
            @ForAll("dim") int m, @ForAll("dim") int n, @ForAll("kDim") int k,
            @ForAll boolean ta, @ForAll boolean tb,
            @ForAll @IntRange(max = 5) int padA, @ForAll @IntRange(max = 5) int padB, @ForAll @IntRange(max = 5) int padC,
            @ForAll @IntRange(max = 9) int offA, @ForAll @IntRange(max = 9) int offB, @ForAll @IntRange(max = 9) int offC,
            @ForAll @IntRange(max = 3) int kind, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean integers = kind == 3;
        float scale = new float[] {0x1p-10f, 1f, 0x1p10f}[Math.min(kind, 2)];
        Stored a = ta ? stored(rnd, k, m, padA, offA, integers ? 1 : 0, scale)
                : stored(rnd, m, k, padA, offA, integers ? 1 : 0, scale);
        Stored b = tb ? stored(rnd, n, k, padB, offB, integers ? 1 : 0, scale)
                : stored(rnd, k, n, padB, offB, integers ? 1 : 0, scale);
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

    @Property(tries = 40)
    void vectorGemmGivesTheSameBitsOnOneTwoAndFourThreads(
            @ForAll("bigDim") int m, @ForAll("bigDim") int n, @ForAll("bigDim") int k,
            @ForAll boolean ta, @ForAll boolean tb, @ForAll @IntRange(max = 3) int pad, @ForAll long seed) {
        // shapes of ≥ 61·61·61 ≈ 2^18 multiply-adds, most past the 2^20 at which the work is split
        SplittableRandom rnd = new SplittableRandom(seed);
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

    static float[] guarded(SplittableRandom rnd, int off, int n, int tail) {
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

    @Property(tries = 200)
    void elementwiseOperationsGiveTheBitsOfTheirDefinition(
            @ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll @IntRange(max = 9) int off,
            @ForAll @IntRange(max = 9) int vOff, @ForAll long seed) {
        for (Kernels kern : ALL) {
            SplittableRandom rnd = new SplittableRandom(seed);
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

    @Property(tries = 200)
    void rankOneDescentIsAOneCaseGradientThenAStep(
            @ForAll("dim") int m, @ForAll("dim") int n, @ForAll @IntRange(max = 9) int off, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
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

    @Property(tries = 20)
    void forRangeVisitsEveryIndexOnce(@ForAll("rangeLength") int length) {
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

    @Provide
    Arbitrary<Integer> rangeLength() {
        int big = VectorKernels.RANGE_PARALLEL_MIN;
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.of(big - 1, big, big + 1, big + 63, 3 * big + 17, 1_000_003));
    }

    @Example
    void theVectorKernelsAreInUse() {
        // without --add-modules jdk.incubator.vector create() falls back to the scalar kernels and
        // the thread-count properties above would compare the scalar kernels with themselves
        assertTrue(Kernels.vectorApiAvailable());
        assertEquals(VectorKernels.class, V4.getClass());
        assertEquals(4, ((VectorKernels) V4).threads());
    }
}
