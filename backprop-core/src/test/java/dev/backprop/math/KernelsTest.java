package dev.backprop.math;

import dev.backprop.TestData;
import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel implementation against the definition, and bit-identical across thread counts. */
class KernelsTest {
    static final Kernels VECTOR1 = Kernels.create(1);
    static final Kernels VECTOR2 = Kernels.create(2);
    static final Kernels VECTOR4 = Kernels.create(4);

    static java.util.stream.Stream<Kernels> kernels() {
        return java.util.stream.Stream.of(ScalarKernels.INSTANCE, VECTOR1, VECTOR2, VECTOR4);
    }

    @Test
    void kindNamesTheSumOrderNotTheThreads() {
        assertEquals("scalar", Kernels.scalar().kind());
        if (Kernels.vectorApiAvailable()) {
            String kind = Kernels.create(1).kind();
            assertTrue(kind.matches("vector-(128|256|512)"), kind);
            assertEquals(kind, Kernels.create(3).kind());
        }
    }

    @Test
    void theVectorApiIsInUseInTheseTests() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector; without it these tests
        // would silently compare the scalar kernels with themselves.
        assertTrue(Kernels.vectorApiAvailable());
        assertTrue(VECTOR2.toString().startsWith("vector("), VECTOR2.toString());
        assertTrue(Kernels.defaults().toString().startsWith("vector("), Kernels.defaults().toString());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gemmMatchesTheDefinitionForAllTransposeFormsAndOddShapes(Kernels k) {
        Rng rng = new Rng(7);
        int[] sizes = {1, 2, 3, 7, 16, 17, 31, 33};
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int m : sizes) {
                    for (int n : new int[] {1, 5, 17}) {
                        for (int kk : new int[] {1, 4, 19}) {
                            int lda = (ta ? m : kk) + 2;
                            int ldb = (tb ? kk : n) + 1;
                            int aRows = ta ? kk : m;
                            int bRows = tb ? n : kk;
                            float[] a = TestData.uniform(rng, 3 + aRows * lda, 1);
                            float[] b = TestData.uniform(rng, 5 + bRows * ldb, 1);
                            float[] c = new float[4 + m * (n + 3)];
                            k.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb, c, 4, n + 3);
                            float[] want = TestData.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    assertEquals(want[i * n + j], c[4 + i * (n + 3) + j], 1e-5f * kk,
                                            "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + kk);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gemmOverwritesInsteadOfAccumulating(Kernels k) {
        float[] a = {1, 2};
        float[] b = {3, 4};
        float[] c = {100};
        k.gemm(false, true, 1, 1, 2, a, 0, 2, b, 0, 2, c, 0, 1);
        assertEquals(11f, c[0]);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void columnSumsAndRowVectorAndAdd(Kernels k) {
        float[] x = {1, 2, 3, 4, 5, 6};       // 3 rows × 2 columns
        float[] s = new float[2];
        k.columnSums(x, 0, 3, 2, s, 0);
        assertArrayEquals(new float[] {9, 12}, s);
        k.addRowVector(x, 0, 3, 2, new float[] {10, 20}, 0);
        assertArrayEquals(new float[] {11, 22, 13, 24, 15, 26}, x);
        float[] y = {1, 1};
        k.add(new float[] {0, 2, 3}, 1, y, 0, 2);
        assertArrayEquals(new float[] {3, 4}, y);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void largeShapesOfTheBenchmarkNetworks(Kernels k) {
        Rng rng = new Rng(11);
        int[][] shapes = {{0, 1, 128, 1024, 784}, {1, 0, 1024, 784, 128}, {0, 0, 128, 784, 1024}, {0, 1, 10, 30, 784},
            {1, 0, 30, 784, 10}, {0, 1, 1, 100, 784}, {1, 0, 100, 784, 1}, {0, 1, 128, 10, 1024}, {0, 1, 37, 300, 513}};
        for (int[] s : shapes) {
            boolean ta = s[0] == 1;
            boolean tb = s[1] == 1;
            int m = s[2];
            int n = s[3];
            int kk = s[4];
            float[] a = TestData.uniform(rng, m * kk, 1);
            float[] b = TestData.uniform(rng, n * kk, 1);
            float[] c = new float[m * n];
            k.gemm(ta, tb, m, n, kk, a, 0, ta ? m : kk, b, 0, tb ? kk : n, c, 0, n);
            float[] want = TestData.gemm(ta, tb, m, n, kk, a, 0, ta ? m : kk, b, 0, tb ? kk : n);
            for (int i = 0; i < c.length; i++) {
                assertEquals(want[i], c[i], 2e-6f * kk, k + " " + java.util.Arrays.toString(s) + " at " + i);
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndFourThreads() {
        Rng rng = new Rng(5);
        for (int trial = 0; trial < 40; trial++) {
            boolean ta = rng.nextInt(2) == 1;
            boolean tb = rng.nextInt(2) == 1;
            int m = 1 + rng.nextInt(trial < 20 ? 40 : 300);
            int n = 1 + rng.nextInt(trial < 20 ? 40 : 300);
            int kk = 1 + rng.nextInt(trial < 20 ? 40 : 600);
            float[] a = TestData.uniform(rng, m * kk, 1);
            float[] b = TestData.uniform(rng, n * kk, 1);
            float[] c1 = new float[m * n];
            float[] c2 = new float[m * n];
            float[] c4 = new float[m * n];
            VECTOR1.gemm(ta, tb, m, n, kk, a, 0, ta ? m : kk, b, 0, tb ? kk : n, c1, 0, n);
            VECTOR2.gemm(ta, tb, m, n, kk, a, 0, ta ? m : kk, b, 0, tb ? kk : n, c2, 0, n);
            VECTOR4.gemm(ta, tb, m, n, kk, a, 0, ta ? m : kk, b, 0, tb ? kk : n, c4, 0, n);
            String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "×" + n + "×" + kk;
            assertArrayEquals(c1, c2, what);
            assertArrayEquals(c1, c4, what);
        }
    }

    @Test
    void dotKernelRowsTwoAtATimeGiveTheBitsOfSingleRows() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorApiAvailable());
        Kernels v = Kernels.create(1);
        java.util.Random r = new java.util.Random(17);
        for (int[] shape : new int[][] {{10, 30, 784}, {6, 7, 785}, {2, 33, 100}, {11, 31, 17}, {3, 1, 64}}) {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] a = new float[m * k];
            float[] b = new float[n * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextGaussian();
            }
            float[] c = new float[m * n];
            v.gemm(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n);
            for (int i = 0; i < m; i++) {
                float[] row = new float[n];
                v.gemm(false, true, 1, n, k, a, i * k, k, b, 0, k, row, 0, n);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToRawIntBits(row[j]), Float.floatToRawIntBits(c[i * n + j]),
                            java.util.Arrays.toString(shape) + " at " + i + "," + j);
                }
            }
        }
    }
}
