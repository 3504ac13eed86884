package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;

import static dev.backprop.math.simd.Gemm.NR;
import static dev.backprop.math.simd.Lanes.IOTA;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.S;

/**
 * The small products' kernel: C = op(A) B straight from the operands, on the calling thread, with
 * no packing (see {@link #small}); its tiles are generated ({@link UnpackedTiles}).
 */
final class Small {
    private Small() {
    }

    /**
     * C = op(A) B for small products (k ≤ {@link Gemm#KC}) on the calling thread, straight from the
     * operands ({@link Operands}: op(A)(i, p) = a[aOff + i·ai + p·ap], B's rows contiguous): tiles of
     * 6 rows × NR columns (2·NR with short k), then 4 rows, then single rows ({@link UnpackedTiles}).
     * Each element is the fused multiply-adds over p in order from zero: the same bits as
     * {@link Outer#outer} and the packed kernel. The last, partial column tile loads whole vectors of
     * B (lanes past n unused) where the array allows; rows of B where it does not are copied,
     * zero-padded, into {@code o.pad}.
     *
     * @param o the operands, C (m × n)
     * @param m rows of C
     * @param n columns of C
     */
    static void small(Operands o, int m, int n) {
        int aOff = o.aOff;
        int ai = o.ai;
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        int cOff = o.cOff;
        int ldc = o.ldc;
        int k = o.k;
        // Partial vectors of C are stored by blending into whole vectors where those lie inside C.
        int cEnd = ldc == n ? cOff + m * n : -1;
        int jv = n / NR * NR;
        int cols = n - jv;
        o.cEnd = cEnd;
        // With one column tile and C dense, a row's partial tile may be stored as whole vectors:
        // the lanes past n land in the next rows, which are stored after it (up to spillEnd).
        o.spillEnd = jv == 0 ? cEnd : -1;
        int safe = k;
        if (cols > 0) {
            long room = (long) b.length - (bOff + jv) - NR;
            safe = room < 0 ? 0 : (int) Math.min(k, room / ldb + 1);
            float[] pad = o.pad;
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
                    UnpackedTiles.small6x4(o, ai0, bOff + j, row + j);
                }
            }
            for (; j < jv; j += NR) {
                UnpackedTiles.small6x2(o, ai0, bOff + j, k, row + j, NR);
            }
            if (cols > 0) {
                UnpackedTiles.small6x2(o, ai0, bOff + jv, safe, row + jv, cols);
            }
        }
        for (; i + 4 <= m; i += 4) {
            int ai0 = aOff + i * ai;
            int row = cOff + i * ldc;
            for (int j = 0; j < jv; j += NR) {
                UnpackedTiles.small4x2(o, ai0, bOff + j, k, row + j, NR);
            }
            if (cols > 0) {
                UnpackedTiles.small4x2(o, ai0, bOff + jv, safe, row + jv, cols);
            }
        }
        for (; i < m; i++) {
            int ai0 = aOff + i * ai;
            int row = cOff + i * ldc;
            for (int j = 0; j < jv; j += NR) {
                UnpackedTiles.small1x2(o, ai0, bOff + j, k, row + j, NR);
            }
            if (cols > 0) {
                UnpackedTiles.small1x2(o, ai0, bOff + jv, safe, row + jv, cols);
            }
        }
    }

    /** Up to this k, {@link #small} uses tiles twice as wide: the per-tile costs outweigh short loops. */
    static final int WIDE_K = 32;

    /**
     * Stores the first {@code cols} (< NR) columns of {@code rows} rows of NR values in tmp at
     * c[at + r·ldc ...]: whole vectors, then the partial vector by blending into the vector in C
     * when that lies below cEnd (inside C, so only this thread writes it), else value by value.
     */
    static void storeRows(float[] tmp, int from, int rows, float[] c, int at, int ldc, int cols, int cEnd) {
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
