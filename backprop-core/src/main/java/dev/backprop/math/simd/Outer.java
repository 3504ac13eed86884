package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;

import static dev.backprop.math.simd.Gemm.KC;
import static dev.backprop.math.simd.Gemm.NR;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.S;

/**
 * The unpacked outer-product kernel of the NN and TN forms with few rows or short k (see
 * {@link #outer}); its tile is generated ({@link UnpackedTiles#outer4x2}).
 */
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
                    UnpackedTiles.outer4x2(o, i, i1, j, k0, kc, NR, accumulate);
                }
                if (tail > 0) {
                    UnpackedTiles.outer4x2(o, i, i1, jv, k0, kc, tail, accumulate);
                }
            }
        }
    }

    /** Stores (or adds) rows × cols of a tile held in {@code tile} (row stride NR) into C. */
    static void copyTile(float[] tile, int rows, int cols, float[] c, int cBase, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int row = cBase + r * ldc;
            for (int jj = 0; jj < cols; jj++) {
                c[row + jj] = accumulate ? c[row + jj] + tile[r * NR + jj] : tile[r * NR + jj];
            }
        }
    }

    static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean accumulate) {
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
