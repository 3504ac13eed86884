package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;

import static dev.backprop.math.simd.Gemm.KC;
import static dev.backprop.math.simd.Gemm.NR;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.S;

/** The unpacked outer-product kernel of the NN and TN forms with few rows or short k (see {@link #outer}). */
final class Outer {
    private Outer() {
    }

    /**
     * The unpacked outer-product kernel for C = op(A) B with B's rows contiguous: tiles of 4 rows ×
     * NR columns accumulate Σ_p op(A)(i, p) B[p][j] by fused multiply-adds in the order of p, in
     * k-blocks of {@link Gemm#KC} exactly as the micro-kernels ({@link MicroKernels}) do, so the bits equal the packed path's.
     * Rows beyond i1 in the last tile repeat row i1 − 1 (computed, not stored); the columns after
     * the last full NR-wide tile are copied, zero-padded, into {@code o.pad} (KC × NR) and done by
     * the same tile kernel.
     *
     * @param o the operands
     * @param i0 first row of C
     * @param i1 end row of C, exclusive
     * @param j0 first column of C
     * @param j1 end column of C, exclusive
     */
    static void outer(Operands o, int i0, int i1, int j0, int j1) {
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        int k = o.k;
        float[] pad = o.pad;
        int jv = j0 + (j1 - j0) / NR * NR;
        int tail = j1 - jv;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            boolean accumulate = k0 > 0;
            if (tail > 0) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (k0 + p) * ldb + jv;
                    for (int j = 0; j < NR; j++) {
                        pad[p * NR + j] = j < tail ? b[src + j] : 0f;
                    }
                }
            }
            for (int i = i0; i < i1; i += 4) {
                for (int j = j0; j < jv; j += NR) {
                    tile4(o, i, i1, j, k0, kc, NR, accumulate);
                }
                if (tail > 0) {
                    tile4(o, i, i1, jv, k0, kc, tail, accumulate);
                }
            }
        }
    }

    /**
     * One 4 × NR tile of {@link #outer}: rows [i, i + 4) of C, the rows from i1 on repeating row
     * i1 − 1 (computed, not stored), columns from j, steps [k0, k0 + kc) of k. A tile of fewer than
     * NR columns reads B from {@code o.pad}; stores {@code cols} columns.
     */
    private static void tile4(Operands o, int i, int i1, int j, int k0, int kc, int cols, boolean accumulate) {
        float[] a = o.a;
        int ai = o.ai;
        int ap = o.ap;
        int aOff = o.aOff + k0 * ap;
        int a0 = aOff + i * ai;
        int a1 = aOff + Math.min(i + 1, i1 - 1) * ai;
        int a2 = aOff + Math.min(i + 2, i1 - 1) * ai;
        int a3 = aOff + Math.min(i + 3, i1 - 1) * ai;
        int rows = Math.min(4, i1 - i);
        boolean padded = cols < NR;
        float[] b = padded ? o.pad : o.b;
        int ldb = padded ? NR : o.ldb;
        int bBase = padded ? 0 : o.bOff + k0 * ldb + j;
        float[] c = o.c;
        int ldc = o.ldc;
        int cBase = o.cOff + i * ldc + j;
        float[] tile = o.tmp;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bp = bBase + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
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
        if (cols == NR) {
            store(c00, c01, c, cBase, accumulate);
            if (rows > 1) {
                store(c10, c11, c, cBase + ldc, accumulate);
            }
            if (rows > 2) {
                store(c20, c21, c, cBase + 2 * ldc, accumulate);
            }
            if (rows > 3) {
                store(c30, c31, c, cBase + 3 * ldc, accumulate);
            }
            return;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        for (int r = 0; r < rows; r++) {
            int row = cBase + r * ldc;
            for (int jj = 0; jj < cols; jj++) {
                c[row + jj] = accumulate ? c[row + jj] + tile[r * NR + jj] : tile[r * NR + jj];
            }
        }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean accumulate) {
        // Each branch stores its own values: storing a vector merged from both (a phi) can make
        // JDK 17's C2 give up the store intrinsic and box (see MicroKernels).
        if (accumulate) {
            v0.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
            v1.add(FloatVector.fromArray(S, c, at + L)).intoArray(c, at + L);
        } else {
            v0.intoArray(c, at);
            v1.intoArray(c, at + L);
        }
    }
}
