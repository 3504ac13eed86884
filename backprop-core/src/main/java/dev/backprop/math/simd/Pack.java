package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;

import static dev.backprop.math.simd.Gemm.MR;
import static dev.backprop.math.simd.Gemm.NR;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.NETWORK;
import static dev.backprop.math.simd.Lanes.S;

/**
 * Packing for the packed GEMM: op(A) into {@link Gemm#MR}-row panels and op(B) into
 * {@link Gemm#NR}-column panels, zero-padded, one k-block at a time; and the plain transposed copy
 * of B that the small NT products use.
 */
final class Pack {
    private Pack() {
    }

    /** Vectors that cover the MR values of one step of a packed A panel. */
    static final int PACK_VECTORS = (MR + L - 1) / L;
    /** Floats past the packed A panels that {@link #packA} may write: the last step's spare lanes. */
    static final int PACK_SLACK = PACK_VECTORS * L - MR;

    /** Packs rows [i0, i0+rows) × k [k0, k0+kc) of op(A) into MR-row panels: pa[p·MR·kc + kk·MR + r]. */
    static void packA(float[] a, int aOff, int lda, boolean ta, int i0, int rows, int k0, int kc, float[] pa) {
        int panels = (rows + MR - 1) / MR;
        for (int p = 0; p < panels; p++) {
            int base = p * MR * kc;
            int r0 = i0 + p * MR;
            int nr = Math.min(MR, i0 + rows - r0);
            if (ta && nr == MR) {
                // op(A)[i][k] = A[k][i]: row k of A holds the panel's MR values side by side. Whole
                // vectors are copied; the lanes past MR land in the next step's place and are
                // overwritten by it (the last step's, in PACK_SLACK).
                int src = aOff + k0 * lda + r0;
                int kk = 0;
                for (int d = base; kk < kc && src + PACK_VECTORS * L <= a.length; kk++, src += lda, d += MR) {
                    for (int v = 0; v < PACK_VECTORS * L; v += L) {
                        FloatVector.fromArray(S, a, src + v).intoArray(pa, d + v);
                    }
                }
                for (; kk < kc; kk++, src += lda) {
                    System.arraycopy(a, src, pa, base + kk * MR, MR);
                }
            } else if (ta) {
                // op(A)[i][k] = A[k][i]: row k of A holds consecutive i.
                for (int kk = 0; kk < kc; kk++) {
                    int src = aOff + (k0 + kk) * lda + r0;
                    int dst = base + kk * MR;
                    for (int r = 0; r < nr; r++) {
                        pa[dst + r] = a[src + r];
                    }
                    for (int r = nr; r < MR; r++) {
                        pa[dst + r] = 0f;
                    }
                }
            } else if (nr == MR) {
                // MR rows read side by side, the panel written in order: 16 steps of k at a time
                // transposed in registers, then one step at a time.
                int s0 = aOff + r0 * lda + k0;
                int kv = NETWORK && MR == 12 ? kc / L * L : 0;
                for (int kk = 0; kk < kv; kk += L) {
                    Transposes.block12(a, s0 + kk, lda, pa, base + kk * MR, MR);
                }
                for (int kk = kv, d = base + kv * MR; kk < kc; kk++, d += MR) {
                    for (int r = 0, src = s0 + kk; r < MR; r++, src += lda) {
                        pa[d + r] = a[src];
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < nr) {
                        int src = aOff + (r0 + r) * lda + k0;
                        for (int kk = 0; kk < kc; kk++) {
                            pa[base + kk * MR + r] = a[src + kk];
                        }
                    } else {
                        for (int kk = 0; kk < kc; kk++) {
                            pa[base + kk * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Packs k [k0, k0+kc) × columns [j0, j0+cols) of op(B) into an NR-wide panel: pb[kk·NR + jj]. */
    static void packB(float[] b, int bOff, int ldb, boolean tb, int j0, int cols, int k0, int kc, float[] pb,
                      int[] rowStarts) {
        if (!tb) {
            for (int kk = 0; kk < kc; kk++) {
                int src = bOff + (k0 + kk) * ldb + j0;
                int dst = kk * NR;
                if (cols == NR) {
                    FloatVector.fromArray(S, b, src).intoArray(pb, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
                } else {
                    for (int jj = 0; jj < cols; jj++) {
                        pb[dst + jj] = b[src + jj];
                    }
                    for (int jj = cols; jj < NR; jj++) {
                        pb[dst + jj] = 0f;
                    }
                }
            }
        } else if (cols == NR && NETWORK) {
            // op(B)[k][j] = B[j][k]: 16 × 16 blocks of B transposed in registers, the rest of kc
            // gathered a step at a time (rowStarts[r] = r·ldb).
            int kv = kc / L * L;
            for (int half = 0; half < NR; half += L) {
                int s0 = bOff + (j0 + half) * ldb + k0;
                for (int kk = 0; kk < kv; kk += L) {
                    Transposes.block16(b, s0 + kk, ldb, pb, kk * NR + half, NR);
                }
                for (int kk = kv; kk < kc; kk++) {
                    FloatVector.fromArray(S, b, s0 + kk, rowStarts, 0).intoArray(pb, kk * NR + half);
                }
            }
        } else if (cols == NR) {
            // op(B)[k][j] = B[j][k]: transpose while packing, four rows of B side by side.
            for (int jj = 0; jj < NR; jj += 4) {
                int s0 = bOff + (j0 + jj) * ldb + k0;
                int s1 = s0 + ldb;
                int s2 = s1 + ldb;
                int s3 = s2 + ldb;
                for (int kk = 0, d = jj; kk < kc; kk++, d += NR) {
                    pb[d] = b[s0 + kk];
                    pb[d + 1] = b[s1 + kk];
                    pb[d + 2] = b[s2 + kk];
                    pb[d + 3] = b[s3 + kk];
                }
            }
        } else {
            // op(B)[k][j] = B[j][k]: transpose while packing.
            for (int jj = 0; jj < NR; jj++) {
                if (jj < cols) {
                    int src = bOff + (j0 + jj) * ldb + k0;
                    for (int kk = 0; kk < kc; kk++) {
                        pb[kk * NR + jj] = b[src + kk];
                    }
                } else {
                    for (int kk = 0; kk < kc; kk++) {
                        pb[kk * NR + jj] = 0f;
                    }
                }
            }
        }
    }

    /** bt[p·ldt + j] = B[j][p] for the n × k matrix B. */
    static void transpose(float[] b, int bOff, int ldb, int n, int k, float[] bt, int ldt) {
        for (int j = 0; j < n; j++) {
            int src = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                bt[p * ldt + j] = b[src + p];
            }
        }
    }
}
