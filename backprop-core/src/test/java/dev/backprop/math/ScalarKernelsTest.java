package dev.backprop.math;

import dev.backprop.TestData;
import dev.backprop.init.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ScalarKernelsTest {
    private final Kernels k = ScalarKernels.INSTANCE;

    /** C = op(A) op(B) in double, straight from the definition, as a float array. */
    static float[] naive(boolean ta, boolean tb, int m, int n, int kk, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < kk; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    @Test
    void gemmMatchesTheDefinitionForAllTransposeFormsAndOddShapes() {
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
                            float[] want = naive(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb);
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

    @Test
    void gemmOverwritesInsteadOfAccumulating() {
        float[] a = {1, 2};
        float[] b = {3, 4};
        float[] c = {100};
        k.gemm(false, true, 1, 1, 2, a, 0, 2, b, 0, 2, c, 0, 1);
        assertEquals(11f, c[0]);
    }

    @Test
    void columnSumsAndRowVectorAndAdd() {
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
}
