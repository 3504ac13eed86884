package dev.backprop.math.simd;

import dev.backprop.TestData;
import dev.backprop.math.Kernels;
import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The GEMM strategies' parts against the definition: packing, every micro-kernel tile, and the unpacked kernel's bits. */
class GemmStrategiesTest {
    static final Kernels VECTOR1 = Kernels.create(1);

    @Test
    void packingATransposedBGivesItsColumnsAsRows() {
        // packB for NT: 16 × 16 blocks transposed in registers, the steps of k past the last
        // whole block gathered, narrow panels zero-padded; each against the definition.
        assumeTrue(Kernels.vectorApiAvailable());
        int nr = Gemm.NR;
        int ldb = 301;
        int n = 70;
        Rng rng = new Rng(29);
        float[] b = TestData.uniform(rng, 3 + n * ldb, 1);
        int[] rowStarts = new int[Lanes.L];
        for (int r = 0; r < rowStarts.length; r++) {
            rowStarts[r] = r * ldb;
        }
        for (int cols : new int[] {nr, 5}) {
            for (int kc : new int[] {256, 44, 3}) {
                for (int k0 : new int[] {0, 45}) {
                    float[] pb = new float[Gemm.KC * nr];
                    java.util.Arrays.fill(pb, Float.NaN);
                    int j0 = 33;
                    Pack.packB(b, 3, ldb, true, j0, cols, k0, kc, pb, rowStarts);
                    for (int kk = 0; kk < kc; kk++) {
                        for (int jj = 0; jj < nr; jj++) {
                            float want = jj < cols ? b[3 + (j0 + jj) * ldb + k0 + kk] : 0f;
                            assertEquals(want, pb[kk * nr + jj], "cols=" + cols + " kc=" + kc + " k0=" + k0
                                    + " at k " + kk + ", column " + jj);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyMicroKernelTileShapeMatchesTheDefinition() {
        // The packed path (m ≥ 12, n ≥ NR, k > 16) ends each row range with a panel of 1..12 rows
        // and each column range with a panel of 1..NR columns, done by the 12-, 8- and 4-row,
        // one- and two-vector kernels of MicroKernels. k = 300 crosses a k-block, so the
        // accumulating stores run too. C has a margin around it that must stay untouched.
        assumeTrue(Kernels.vectorApiAvailable());
        int nr = Gemm.NR;
        int l = Lanes.L;
        Rng rng = new Rng(23);
        int kk = 300;
        for (int rows = 1; rows <= Gemm.MR; rows++) {
            int m = 2 * Gemm.MR + rows;
            for (int cols : new int[] {1, l / 2, l, l + 1, nr - 1, nr}) {
                int n = 2 * nr + cols;
                for (int form = 0; form < 3; form++) {
                    boolean ta = form == 1;
                    boolean tb = form == 2;
                    int lda = ta ? m : kk;
                    int ldb = tb ? kk : n;
                    float[] a = TestData.uniform(rng, m * kk, 1);
                    float[] b = TestData.uniform(rng, kk * n, 1);
                    int ldc = n + 3;
                    float[] c = new float[2 + m * ldc];
                    java.util.Arrays.fill(c, 7f);
                    VECTOR1.gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 1, ldc);
                    float[] want = TestData.gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb);
                    String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n;
                    assertEquals(7f, c[0], what + ": before C");
                    assertEquals(7f, c[c.length - 1], what + ": after C");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            assertEquals(want[i * n + j], c[1 + i * ldc + j], 1e-5f * kk, what + " at " + i + "," + j);
                        }
                        for (int j = n; j < ldc && 1 + i * ldc + j < c.length - 1; j++) {
                            assertEquals(7f, c[1 + i * ldc + j], what + ": margin of row " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void packedAndUnpackedOuterProductKernelsGiveTheSameBits() {
        // gemm picks the packed kernel for these shapes (k > 16, m ≥ 12); the unpacked kernel,
        // used for small k or m, must agree bit for bit, across k-blocks too (k > KC).
        Rng rng = new Rng(17);
        int[][] shapes = {{12, 40, 17}, {30, 33, 300}, {13, 64, 600}, {25, 7, 20}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int kk = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                float[] a = TestData.uniform(rng, m * kk, 1);
                float[] b = TestData.uniform(rng, kk * n, 1);
                float[] packed = new float[m * n];
                float[] unpacked = new float[m * n];
                VECTOR1.gemm(ta, false, m, n, kk, a, 0, ta ? m : kk, b, 0, n, packed, 0, n);
                Operands o = new Operands(new float[Gemm.KC * Gemm.NR], new float[Gemm.MR * Gemm.NR]);
                Outer.outer(o.a(a, 0, ta ? 1 : kk, ta ? m : 1, kk).b(b, 0, n).c(unpacked, 0, n), 0, m, 0, n);
                assertArrayEquals(packed, unpacked, (ta ? "TN " : "NN ") + java.util.Arrays.toString(s));
            }
        }
    }
}
