package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;

import static dev.backprop.math.simd.Gemm.NR;
import static dev.backprop.math.simd.Lanes.IOTA;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.S;

/**
 * The small products' kernel: C = op(A) B straight from the operands, on the calling thread, with
 * no packing (see {@link #small}).
 */
final class Small {
    private Small() {
    }

    /**
     * C = op(A) B for small products (k ≤ {@link Gemm#KC}) on the calling thread, straight from the
     * operands: tiles of 4 rows × NR columns, then single rows, as in {@link Outer#outer} (each element
     * is the fused multiply-adds over p in order from zero: the same bits as {@link Outer#outer} and the
     * packed kernel). op(A)(i, p) = a[aOff + i·ai + p·ap]; B's rows are contiguous. The last,
     * partial column tile loads whole vectors of B (lanes past n unused) where the array allows;
     * rows of B where it does not are copied, zero-padded, into {@code pad}.
     */
    static void small(float[] a, int aOff, int ai, int ap, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                      int m, int n, int k, float[] pad, float[] tmp) {
        // Partial vectors of C are stored by blending into whole vectors where those lie inside C.
        int cEnd = ldc == n ? cOff + m * n : -1;
        int jv = n / NR * NR;
        int cols = n - jv;
        // With one column tile and C dense, a row's partial tile may be stored as whole vectors:
        // the lanes past n land in the next rows, which are stored after it (up to spillEnd).
        int spillEnd = jv == 0 ? cEnd : -1;
        int safe = k;
        if (cols > 0) {
            long room = (long) b.length - (bOff + jv) - NR;
            safe = room < 0 ? 0 : (int) Math.min(k, room / ldb + 1);
            for (int p = safe; p < k; p++) {
                int dst = (p - safe) * NR;
                System.arraycopy(b, bOff + jv + p * ldb, pad, dst, cols);
                java.util.Arrays.fill(pad, dst + cols, dst + NR, 0f);
            }
        }
        int i = 0;
        for (; i + 6 <= m && m - i != 8; i += 6) {
            int ai0 = aOff + i * ai;
            int row = cOff + i * ldc;
            int j = 0;
            if (k <= WIDE_K) {
                for (; j + 2 * NR <= jv; j += 2 * NR) {
                    small6w(a, ai0, ai, ap, b, bOff + j, ldb, k, c, row + j, ldc);
                }
            }
            for (; j < jv; j += NR) {
                small6(a, ai0, ai, ap, b, bOff + j, ldb, k, pad, k, c, row + j, ldc, NR, cEnd, -1, tmp);
            }
            if (cols > 0) {
                small6(a, ai0, ai, ap, b, bOff + jv, ldb, safe, pad, k, c, row + jv, ldc, cols, cEnd, spillEnd, tmp);
            }
        }
        for (; i + 4 <= m; i += 4) {
            int ai0 = aOff + i * ai;
            int row = cOff + i * ldc;
            for (int j = 0; j < jv; j += NR) {
                small4(a, ai0, ai, ap, b, bOff + j, ldb, k, pad, k, c, row + j, ldc, NR, cEnd, -1, tmp);
            }
            if (cols > 0) {
                small4(a, ai0, ai, ap, b, bOff + jv, ldb, safe, pad, k, c, row + jv, ldc, cols, cEnd, spillEnd, tmp);
            }
        }
        for (; i < m; i++) {
            int ai0 = aOff + i * ai;
            int row = cOff + i * ldc;
            for (int j = 0; j < jv; j += NR) {
                small1(a, ai0, ap, b, bOff + j, ldb, k, pad, k, c, row + j, NR, cEnd, -1, tmp);
            }
            if (cols > 0) {
                small1(a, ai0, ap, b, bOff + jv, ldb, safe, pad, k, c, row + jv, cols, cEnd, spillEnd, tmp);
            }
        }
    }

    /** Up to this k, {@link #small} uses tiles twice as wide: the per-tile costs outweigh short loops. */
    static final int WIDE_K = 32;

    /** Six rows × 2·NR columns of {@link #small}, all inside B and C; the same sums as {@link #small6}. */
    private static void small6w(float[] a, int a0, int ai, int ap, float[] b, int bBase, int ldb, int k, float[] c,
                                int cBase, int ldc) {
        int a1 = a0 + ai;
        int a2 = a1 + ai;
        int a3 = a2 + ai;
        int a4 = a3 + ai;
        int a5 = a4 + ai;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c42 = c00;
        FloatVector c43 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c52 = c00;
        FloatVector c53 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int q = p * ap;
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, a[a5 + q]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            c53 = b3.fma(x, c53);
        }
        c00.intoArray(c, cBase);
        c01.intoArray(c, cBase + L);
        c02.intoArray(c, cBase + 2 * L);
        c03.intoArray(c, cBase + 3 * L);
        cBase += ldc;
        c10.intoArray(c, cBase);
        c11.intoArray(c, cBase + L);
        c12.intoArray(c, cBase + 2 * L);
        c13.intoArray(c, cBase + 3 * L);
        cBase += ldc;
        c20.intoArray(c, cBase);
        c21.intoArray(c, cBase + L);
        c22.intoArray(c, cBase + 2 * L);
        c23.intoArray(c, cBase + 3 * L);
        cBase += ldc;
        c30.intoArray(c, cBase);
        c31.intoArray(c, cBase + L);
        c32.intoArray(c, cBase + 2 * L);
        c33.intoArray(c, cBase + 3 * L);
        cBase += ldc;
        c40.intoArray(c, cBase);
        c41.intoArray(c, cBase + L);
        c42.intoArray(c, cBase + 2 * L);
        c43.intoArray(c, cBase + 3 * L);
        cBase += ldc;
        c50.intoArray(c, cBase);
        c51.intoArray(c, cBase + L);
        c52.intoArray(c, cBase + 2 * L);
        c53.intoArray(c, cBase + 3 * L);
    }

    /** Six rows of {@link #small}: rows of B [0, safe) from b, the rest from pad. */
    private static void small6(float[] a, int a0, int ai, int ap, float[] b, int bBase, int ldb, int safe,
                               float[] pad, int k, float[] c, int cBase, int ldc, int cols, int cEnd, int spillEnd,
                               float[] tmp) {
        int a1 = a0 + ai;
        int a2 = a1 + ai;
        int a3 = a2 + ai;
        int a4 = a3 + ai;
        int a5 = a4 + ai;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < k; p++) {
            boolean inB = p < safe;
            float[] src = inB ? b : pad;
            int bp = inB ? bBase + p * ldb : (p - safe) * NR;
            FloatVector b0 = FloatVector.fromArray(S, src, bp);
            FloatVector b1 = FloatVector.fromArray(S, src, bp + L);
            int q = p * ap;
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + q]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        // Whole vectors where C allows (full tiles, or rows whose lanes past n land in rows
        // stored later, see spillEnd); the rest through tmp, so that no vector crosses into a
        // helper (that can box them).
        boolean whole = cols == NR || cBase + 4 * ldc + NR <= spillEnd;
        if (whole) {
            c00.intoArray(c, cBase);
            c01.intoArray(c, cBase + L);
            c10.intoArray(c, cBase + ldc);
            c11.intoArray(c, cBase + ldc + L);
            c20.intoArray(c, cBase + 2 * ldc);
            c21.intoArray(c, cBase + 2 * ldc + L);
            c30.intoArray(c, cBase + 3 * ldc);
            c31.intoArray(c, cBase + 3 * ldc + L);
            c40.intoArray(c, cBase + 4 * ldc);
            c41.intoArray(c, cBase + 4 * ldc + L);
            if (cols == NR || cBase + 5 * ldc + NR <= spillEnd) {
                c50.intoArray(c, cBase + 5 * ldc);
                c51.intoArray(c, cBase + 5 * ldc + L);
                return;
            }
        } else {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, L);
            c10.intoArray(tmp, 2 * L);
            c11.intoArray(tmp, 3 * L);
            c20.intoArray(tmp, 4 * L);
            c21.intoArray(tmp, 5 * L);
            c30.intoArray(tmp, 6 * L);
            c31.intoArray(tmp, 7 * L);
            c40.intoArray(tmp, 8 * L);
            c41.intoArray(tmp, 9 * L);
        }
        c50.intoArray(tmp, 10 * L);
        c51.intoArray(tmp, 11 * L);
        int first = whole ? 5 : 0;
        storeRows(tmp, first * NR, 6 - first, c, cBase + first * ldc, ldc, cols, cEnd);
    }

    /** Four rows of {@link #small}: rows of B [0, safe) from b, the rest from pad. */
    private static void small4(float[] a, int a0, int ai, int ap, float[] b, int bBase, int ldb, int safe,
                               float[] pad, int k, float[] c, int cBase, int ldc, int cols, int cEnd, int spillEnd,
                               float[] tmp) {
        int a1 = a0 + ai;
        int a2 = a1 + ai;
        int a3 = a2 + ai;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < k; p++) {
            boolean inB = p < safe;
            float[] src = inB ? b : pad;
            int bp = inB ? bBase + p * ldb : (p - safe) * NR;
            {
                FloatVector b0 = FloatVector.fromArray(S, src, bp);
                FloatVector b1 = FloatVector.fromArray(S, src, bp + L);
                int q = p * ap;
                FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
                c00 = b0.fma(x0, c00);
                c01 = b1.fma(x0, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
                c10 = b0.fma(x1, c10);
                c11 = b1.fma(x1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
                c20 = b0.fma(x2, c20);
                c21 = b1.fma(x2, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
                c30 = b0.fma(x3, c30);
                c31 = b1.fma(x3, c31);
            }
        }
        // Whole vectors where C allows (full tiles, or rows whose lanes past n land in rows
        // stored later, see spillEnd); the rest through tmp, so that no vector crosses into a
        // helper (that can box them).
        boolean whole = cols == NR || cBase + 2 * ldc + NR <= spillEnd;
        if (whole) {
            c00.intoArray(c, cBase);
            c01.intoArray(c, cBase + L);
            c10.intoArray(c, cBase + ldc);
            c11.intoArray(c, cBase + ldc + L);
            c20.intoArray(c, cBase + 2 * ldc);
            c21.intoArray(c, cBase + 2 * ldc + L);
            if (cols == NR || cBase + 3 * ldc + NR <= spillEnd) {
                c30.intoArray(c, cBase + 3 * ldc);
                c31.intoArray(c, cBase + 3 * ldc + L);
                return;
            }
        } else {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, L);
            c10.intoArray(tmp, 2 * L);
            c11.intoArray(tmp, 3 * L);
            c20.intoArray(tmp, 4 * L);
            c21.intoArray(tmp, 5 * L);
        }
        c30.intoArray(tmp, 6 * L);
        c31.intoArray(tmp, 7 * L);
        int first = whole ? 3 : 0;
        storeRows(tmp, first * NR, 4 - first, c, cBase + first * ldc, ldc, cols, cEnd);
    }

    /** One row of {@link #small}. */
    private static void small1(float[] a, int a0, int ap, float[] b, int bBase, int ldb, int safe, float[] pad,
                               int k, float[] c, int cBase, int cols, int cEnd, int spillEnd, float[] tmp) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        for (int p = 0; p < k; p++) {
            boolean inB = p < safe;
            float[] src = inB ? b : pad;
            int bp = inB ? bBase + p * ldb : (p - safe) * NR;
            {
                FloatVector x = FloatVector.broadcast(S, a[a0 + p * ap]);
                c0 = FloatVector.fromArray(S, src, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, src, bp + L).fma(x, c1);
            }
        }
        if (cols == NR || cBase + NR <= spillEnd) {
            c0.intoArray(c, cBase);
            c1.intoArray(c, cBase + L);
            return;
        }
        c0.intoArray(tmp, 0);
        c1.intoArray(tmp, L);
        storeRows(tmp, 0, 1, c, cBase, 0, cols, cEnd);
    }

    /**
     * Stores the first {@code cols} (< NR) columns of {@code rows} rows of NR values in tmp at
     * c[at + r·ldc ...]: whole vectors, then the partial vector by blending into the vector in C
     * when that lies below cEnd (inside C, so only this thread writes it), else value by value.
     */
    private static void storeRows(float[] tmp, int from, int rows, float[] c, int at, int ldc, int cols, int cEnd) {
        int whole = cols / L * L;
        int rest = cols - whole;
        for (int r = 0; r < rows; r++) {
            int row = at + r * ldc;
            int t = from + r * NR;
            for (int j = 0; j < whole; j += L) {
                FloatVector.fromArray(S, tmp, t + j).intoArray(c, row + j);
            }
            if (rest > 0) {
                int to = row + whole;
                if (to + L <= cEnd) {
                    FloatVector.fromArray(S, c, to)
                            .blend(FloatVector.fromArray(S, tmp, t + whole), IOTA.lt((float) rest)).intoArray(c, to);
                } else {
                    for (int j = 0; j < rest; j++) {
                        c[to + j] = tmp[t + whole + j];
                    }
                }
            }
        }
    }
}
