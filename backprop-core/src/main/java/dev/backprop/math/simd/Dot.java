package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import static dev.backprop.math.simd.Lanes.HI2;
import static dev.backprop.math.simd.Lanes.HI4;
import static dev.backprop.math.simd.Lanes.HI8;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.NETWORK;
import static dev.backprop.math.simd.Lanes.S;
import static dev.backprop.math.simd.Lanes.SW1;
import static dev.backprop.math.simd.Lanes.SW2;
import static dev.backprop.math.simd.Lanes.SW4;
import static dev.backprop.math.simd.Lanes.SW8;

/**
 * The dot-product kernel of the NT form with few rows or few columns (the forward product of small
 * batches or narrow layers), see {@link #dotNT}.
 */
final class Dot {
    private Dot() {
    }

    /**
     * C[i][j] = Σ_k A[i][k] B[j][k] for rows [i0, i1) and columns [j0, j1), A's rows {@code o.ai}
     * apart: register-blocked dot
     * products of contiguous rows, 4 rows of A × 4 (or 2) rows of B at a time, the rows left over
     * one at a time × 4 columns (a last partial group of columns repeats its last column, computed
     * but not stored twice). Each sum runs over vectors of k in order, then the fixed pairwise
     * lane reduction of {@link #sumLanes} (with 16 lanes, by a blend/rearrange network that does
     * the sums of a whole tile at once), then the scalar tail in order. When A is small it stays in
     * cache and the loops run column groups outside, row tiles inside.
     */
    static void dotNT(Operands o, int i0, int i1, int j0, int j1) {
        int aOff = o.aOff;
        int lda = o.ai;
        int cOff = o.cOff;
        int ldc = o.ldc;
        int k = o.k;
        int kv = k - k % L;
        if ((long) (i1 - i0) * k <= DOT_A_RESIDENT) {
            // A's rows stay in L1 while each group of 4 rows of B passes over them once.
            for (int j = j0; j < j1; j += 4) {
                int je = Math.min(j + 4, j1);
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    dotTile(o, aOff + i * lda, cOff + i * ldc, j, je, kv);
                }
                if (NETWORK) {
                    for (; i + 2 <= i1; i += 2) {
                        dotRows2(o, aOff + i * lda, cOff + i * ldc, j, je, kv);
                    }
                }
                for (; i < i1; i++) {
                    dotRow(o, aOff + i * lda, cOff + i * ldc, j, je, kv);
                }
            }
            return;
        }
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            for (int j = j0; j < j1; j += 4) {
                dotTile(o, aOff + i * lda, cOff + i * ldc, j, Math.min(j + 4, j1), kv);
            }
        }
        if (NETWORK) {
            for (; i + 2 <= i1; i += 2) {
                for (int j = j0; j < j1; j += 4) {
                    dotRows2(o, aOff + i * lda, cOff + i * ldc, j, Math.min(j + 4, j1), kv);
                }
            }
        }
        for (; i < i1; i++) {
            dotRow(o, aOff + i * lda, cOff + i * ldc, j0, j1, kv);
        }
    }

    /**
     * Two rows of A × columns [j, je) of C, 1 ≤ je − j ≤ 4 (the last column repeated): the
     * leftover rows of {@link #dotNT} two at a time (six loads per eight fused multiply-adds
     * instead of five per four). Each sum is the one {@link #dotRow} forms — vectors of k in order
     * from zero, the lane-sum network, the scalar tail — so the bits are the same.
     */
    private static void dotRows2(Operands o, int r0, int cRow, int j, int je, int kv) {
        float[] a = o.a;
        int lda = o.ai;
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        int ldc = o.ldc;
        float[] tmp = o.tmp;
        int r1 = r0 + lda;
        int s0 = bOff + j * ldb;
        int s1 = bOff + Math.min(j + 1, je - 1) * ldb;
        int s2 = bOff + Math.min(j + 2, je - 1) * ldb;
        int s3 = bOff + Math.min(j + 3, je - 1) * ldb;
        FloatVector d0 = FloatVector.zero(S);
        FloatVector d1 = d0;
        FloatVector d2 = d0;
        FloatVector d3 = d0;
        FloatVector e0 = d0;
        FloatVector e1 = d0;
        FloatVector e2 = d0;
        FloatVector e3 = d0;
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, r0 + p);
            FloatVector y = FloatVector.fromArray(S, a, r1 + p);
            FloatVector b0 = FloatVector.fromArray(S, b, s0 + p);
            d0 = x.fma(b0, d0);
            e0 = y.fma(b0, e0);
            FloatVector b1 = FloatVector.fromArray(S, b, s1 + p);
            d1 = x.fma(b1, d1);
            e1 = y.fma(b1, e1);
            FloatVector b2 = FloatVector.fromArray(S, b, s2 + p);
            d2 = x.fma(b2, d2);
            e2 = y.fma(b2, e2);
            FloatVector b3 = FloatVector.fromArray(S, b, s3 + p);
            d3 = x.fma(b3, d3);
            e3 = y.fma(b3, e3);
        }
        d0.intoArray(tmp, 2 * L);
        d1.intoArray(tmp, 3 * L);
        d2.intoArray(tmp, 4 * L);
        d3.intoArray(tmp, 5 * L);
        e0.intoArray(tmp, 6 * L);
        e1.intoArray(tmp, 7 * L);
        e2.intoArray(tmp, 8 * L);
        e3.intoArray(tmp, 9 * L);
        int cols = je - j;
        // One call site in a two-step loop, so the network is parsed (and inlined) once.
        for (int row = 0; row < 2; row++) {
            rowSums(o, (2 + 4 * row) * L, r0 + row * lda, s0, s1, s2, s3, kv, cRow + row * ldc + j, cols);
        }
    }

    /**
     * The lane sums of four accumulators stored at {@code tmp[at..at + 4L)} by the network of
     * {@link #dotRow}, then the scalar tails, into up to four consecutive elements of C.
     */
    private static void rowSums(Operands o, int at, int r0, int s0, int s1, int s2, int s3, int kv, int cAt,
                                int cols) {
        float[] tmp = o.tmp;
        float[] a = o.a;
        float[] b = o.b;
        float[] c = o.c;
        int k = o.k;
        FloatVector d0 = FloatVector.fromArray(S, tmp, at);
        FloatVector d1 = FloatVector.fromArray(S, tmp, at + L);
        FloatVector d2 = FloatVector.fromArray(S, tmp, at + 2 * L);
        FloatVector d3 = FloatVector.fromArray(S, tmp, at + 3 * L);
        // Lane 4t holds output t of (c0, c2, c1, c3), as in dotRow; pair() written out, so that no
        // vector crosses a call (a call C2 does not inline boxes its vectors).
        FloatVector p01 = d0.blend(d1, HI8).add(d1.blend(d0, HI8).rearrange(SW8));
        FloatVector p23 = d2.blend(d3, HI8).add(d3.blend(d2, HI8).rearrange(SW8));
        FloatVector f = p01.blend(p23, HI4).add(p23.blend(p01, HI4).rearrange(SW4));
        FloatVector g = f.add(f.rearrange(SW2));
        g.add(g.rearrange(SW1)).intoArray(tmp, 0);
        c[cAt] = tail(tmp[0], a, r0, b, s0, kv, k);
        if (cols > 1) {
            c[cAt + 1] = tail(tmp[8], a, r0, b, s1, kv, k);
        }
        if (cols > 2) {
            c[cAt + 2] = tail(tmp[4], a, r0, b, s2, kv, k);
        }
        if (cols > 3) {
            c[cAt + 3] = tail(tmp[12], a, r0, b, s3, kv, k);
        }
    }

    /** Elements of A (rows × k) up to which the dot kernel keeps A in L1 (48 KB) and streams B: 32 KB. */
    static final int DOT_A_RESIDENT = 8 * 1024;

    /** Four rows of A × columns [j, je) of C, 1 ≤ je − j ≤ 4. */
    private static void dotTile(Operands o, int r0, int cRow, int j, int je, int kv) {
        if (je - j <= 2) {
            dot4x2(o, r0, cRow, j, je, kv);
        } else if (NETWORK) {
            dot4x4(o, r0, cRow, j, je, kv);
        } else {
            dot4x2(o, r0, cRow, j, j + 2, kv);
            dot4x2(o, r0, cRow, j + 2, je, kv);
        }
    }

    /**
     * Rows r0..r0+3 of A × columns [j, je) of C, 3 ≤ je − j ≤ 4 (the last column repeated), with
     * the lane-sum network (16 lanes only).
     */
    private static void dot4x4(Operands o, int r0, int cRow, int j, int je, int kv) {
        float[] a = o.a;
        int lda = o.ai;
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        float[] tmp = o.tmp;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int s0 = bOff + j * ldb;
        int s1 = s0 + ldb;
        int s2 = s1 + ldb;
        int s3 = bOff + (je - 1) * ldb;
        FloatVector d00 = FloatVector.zero(S);
        FloatVector d01 = d00;
        FloatVector d02 = d00;
        FloatVector d03 = d00;
        FloatVector d10 = d00;
        FloatVector d11 = d00;
        FloatVector d12 = d00;
        FloatVector d13 = d00;
        FloatVector d20 = d00;
        FloatVector d21 = d00;
        FloatVector d22 = d00;
        FloatVector d23 = d00;
        FloatVector d30 = d00;
        FloatVector d31 = d00;
        FloatVector d32 = d00;
        FloatVector d33 = d00;
        for (int p = 0; p < kv; p += L) {
            FloatVector w0 = FloatVector.fromArray(S, b, s0 + p);
            FloatVector w1 = FloatVector.fromArray(S, b, s1 + p);
            FloatVector w2 = FloatVector.fromArray(S, b, s2 + p);
            FloatVector w3 = FloatVector.fromArray(S, b, s3 + p);
            FloatVector x = FloatVector.fromArray(S, a, r0 + p);
            d00 = x.fma(w0, d00);
            d01 = x.fma(w1, d01);
            d02 = x.fma(w2, d02);
            d03 = x.fma(w3, d03);
            x = FloatVector.fromArray(S, a, r1 + p);
            d10 = x.fma(w0, d10);
            d11 = x.fma(w1, d11);
            d12 = x.fma(w2, d12);
            d13 = x.fma(w3, d13);
            x = FloatVector.fromArray(S, a, r2 + p);
            d20 = x.fma(w0, d20);
            d21 = x.fma(w1, d21);
            d22 = x.fma(w2, d22);
            d23 = x.fma(w3, d23);
            x = FloatVector.fromArray(S, a, r3 + p);
            d30 = x.fma(w0, d30);
            d31 = x.fma(w1, d31);
            d32 = x.fma(w2, d32);
            d33 = x.fma(w3, d33);
        }
        // Through memory to the network in a method of its own: in one method the network no
        // longer fits C2's inlining budget, and the vectors would be boxed.
        d00.intoArray(tmp, 0);
        d01.intoArray(tmp, L);
        d02.intoArray(tmp, 2 * L);
        d03.intoArray(tmp, 3 * L);
        d10.intoArray(tmp, 4 * L);
        d11.intoArray(tmp, 5 * L);
        d12.intoArray(tmp, 6 * L);
        d13.intoArray(tmp, 7 * L);
        d20.intoArray(tmp, 8 * L);
        d21.intoArray(tmp, 9 * L);
        d22.intoArray(tmp, 10 * L);
        d23.intoArray(tmp, 11 * L);
        d30.intoArray(tmp, 12 * L);
        d31.intoArray(tmp, 13 * L);
        d32.intoArray(tmp, 14 * L);
        d33.intoArray(tmp, 15 * L);
        finish4x4(o, r0, s0, s3, cRow + j, je - j, kv);
    }

    /**
     * Stores the 4 × cols tile of {@link #dot4x4} from its 16 accumulators in tmp[0, 16·L) (row r,
     * column c at vector 4r + c): the lane sums by the network, then each dot product's scalar
     * tail. In a method of its own (too large to be inlined): in one method with the loop, the
     * network would not fit C2's inlining budget and the vectors would be boxed.
     */
    private static void finish4x4(Operands o, int r0, int s0, int s3, int at, int cols, int kv) {
        float[] tmp = o.tmp;
        float[] a = o.a;
        int lda = o.ai;
        float[] b = o.b;
        int ldb = o.ldb;
        float[] c = o.c;
        int ldc = o.ldc;
        int k = o.k;
        for (int h = 0; h < 2; h++) {
            // Columns 2h and 2h + 1, in a loop so that C2 parses (and inlines) the network once.
            int q = 2 * h;
            FloatVector f0 = pair(pair(v(tmp, q), v(tmp, q + 1), HI8, SW8),
                    pair(v(tmp, q + 4), v(tmp, q + 5), HI8, SW8), HI4, SW4);
            FloatVector f1 = pair(pair(v(tmp, q + 8), v(tmp, q + 9), HI8, SW8),
                    pair(v(tmp, q + 12), v(tmp, q + 13), HI8, SW8), HI4, SW4);
            FloatVector g = pair(f0, f1, HI2, SW2);
            g.add(g.rearrange(SW1)).intoArray(tmp, (16 + h) * L);
        }
        // At (16 + h)·L, lane 2t holds output t of (r0c0, r2c0, r1c0, r3c0, r0c1, r2c1, r1c1, r3c1)
        // with c0 = 2h and c1 = 2h + 1.
        int sums = 16 * L;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int s1 = s0 + ldb;
        int s2 = s1 + ldb;
        c[at] = tail(tmp[sums], a, r0, b, s0, kv, k);
        c[at + ldc] = tail(tmp[sums + 4], a, r1, b, s0, kv, k);
        c[at + 2 * ldc] = tail(tmp[sums + 2], a, r2, b, s0, kv, k);
        c[at + 3 * ldc] = tail(tmp[sums + 6], a, r3, b, s0, kv, k);
        c[at + 1] = tail(tmp[sums + 8], a, r0, b, s1, kv, k);
        c[at + ldc + 1] = tail(tmp[sums + 12], a, r1, b, s1, kv, k);
        c[at + 2 * ldc + 1] = tail(tmp[sums + 10], a, r2, b, s1, kv, k);
        c[at + 3 * ldc + 1] = tail(tmp[sums + 14], a, r3, b, s1, kv, k);
        sums += L;
        c[at + 2] = tail(tmp[sums], a, r0, b, s2, kv, k);
        c[at + ldc + 2] = tail(tmp[sums + 4], a, r1, b, s2, kv, k);
        c[at + 2 * ldc + 2] = tail(tmp[sums + 2], a, r2, b, s2, kv, k);
        c[at + 3 * ldc + 2] = tail(tmp[sums + 6], a, r3, b, s2, kv, k);
        if (cols > 3) {
            c[at + 3] = tail(tmp[sums + 8], a, r0, b, s3, kv, k);
            c[at + ldc + 3] = tail(tmp[sums + 12], a, r1, b, s3, kv, k);
            c[at + 2 * ldc + 3] = tail(tmp[sums + 10], a, r2, b, s3, kv, k);
            c[at + 3 * ldc + 3] = tail(tmp[sums + 14], a, r3, b, s3, kv, k);
        }
    }

    private static FloatVector v(float[] tmp, int i) {
        return FloatVector.fromArray(S, tmp, i * L);
    }

    /** Rows r0..r0+3 of A (stride lda) × columns [j, je) of C, je − j ∈ {1, 2}: one tile of {@link #dotNT}. */
    private static void dot4x2(Operands o, int r0, int cRow, int j, int je, int kv) {
        float[] a = o.a;
        int lda = o.ai;
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        float[] c = o.c;
        int ldc = o.ldc;
        int k = o.k;
        float[] tmp = o.tmp;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int s0 = bOff + j * ldb;
        int s1 = bOff + (je - 1) * ldb;
        FloatVector d00 = FloatVector.zero(S);
        FloatVector d01 = d00;
        FloatVector d10 = d00;
        FloatVector d11 = d00;
        FloatVector d20 = d00;
        FloatVector d21 = d00;
        FloatVector d30 = d00;
        FloatVector d31 = d00;
        for (int p = 0; p < kv; p += L) {
            FloatVector w0 = FloatVector.fromArray(S, b, s0 + p);
            FloatVector w1 = FloatVector.fromArray(S, b, s1 + p);
            FloatVector x0 = FloatVector.fromArray(S, a, r0 + p);
            d00 = x0.fma(w0, d00);
            d01 = x0.fma(w1, d01);
            FloatVector x1 = FloatVector.fromArray(S, a, r1 + p);
            d10 = x1.fma(w0, d10);
            d11 = x1.fma(w1, d11);
            FloatVector x2 = FloatVector.fromArray(S, a, r2 + p);
            d20 = x2.fma(w0, d20);
            d21 = x2.fma(w1, d21);
            FloatVector x3 = FloatVector.fromArray(S, a, r3 + p);
            d30 = x3.fma(w0, d30);
            d31 = x3.fma(w1, d31);
        }
        int at = cRow + j;
        boolean two = je - j > 1;
        if (NETWORK) {
            // The eight lane sums at once; lane 2t holds output t of (r0c0, r2c0, r1c0, r3c0,
            // r0c1, r2c1, r1c1, r3c1).
            FloatVector f0 = pair(pair(d00, d01, HI8, SW8), pair(d10, d11, HI8, SW8), HI4, SW4);
            FloatVector f1 = pair(pair(d20, d21, HI8, SW8), pair(d30, d31, HI8, SW8), HI4, SW4);
            FloatVector g = pair(f0, f1, HI2, SW2);
            g.add(g.rearrange(SW1)).intoArray(tmp, 0);
            c[at] = tail(tmp[0], a, r0, b, s0, kv, k);
            c[at + ldc] = tail(tmp[4], a, r1, b, s0, kv, k);
            c[at + 2 * ldc] = tail(tmp[2], a, r2, b, s0, kv, k);
            c[at + 3 * ldc] = tail(tmp[6], a, r3, b, s0, kv, k);
            if (two) {
                c[at + 1] = tail(tmp[8], a, r0, b, s1, kv, k);
                c[at + ldc + 1] = tail(tmp[12], a, r1, b, s1, kv, k);
                c[at + 2 * ldc + 1] = tail(tmp[10], a, r2, b, s1, kv, k);
                c[at + 3 * ldc + 1] = tail(tmp[14], a, r3, b, s1, kv, k);
            }
            return;
        }
        storeDot(d00, a, r0, b, s0, kv, k, c, at, tmp);
        storeDot(d10, a, r1, b, s0, kv, k, c, at + ldc, tmp);
        storeDot(d20, a, r2, b, s0, kv, k, c, at + 2 * ldc, tmp);
        storeDot(d30, a, r3, b, s0, kv, k, c, at + 3 * ldc, tmp);
        if (two) {
            storeDot(d01, a, r0, b, s1, kv, k, c, at + 1, tmp);
            storeDot(d11, a, r1, b, s1, kv, k, c, at + ldc + 1, tmp);
            storeDot(d21, a, r2, b, s1, kv, k, c, at + 2 * ldc + 1, tmp);
            storeDot(d31, a, r3, b, s1, kv, k, c, at + 3 * ldc + 1, tmp);
        }
    }

    /** One row of the dot kernel: 4 columns at a time (the last repeated), same sums as dotNT. */
    private static void dotRow(Operands o, int r0, int cRow, int j0, int j1, int kv) {
        float[] a = o.a;
        float[] b = o.b;
        int bOff = o.bOff;
        int ldb = o.ldb;
        float[] c = o.c;
        int k = o.k;
        float[] tmp = o.tmp;
        for (int j = j0; j < j1; j += 4) {
            int s0 = bOff + j * ldb;
            int s1 = bOff + Math.min(j + 1, j1 - 1) * ldb;
            int s2 = bOff + Math.min(j + 2, j1 - 1) * ldb;
            int s3 = bOff + Math.min(j + 3, j1 - 1) * ldb;
            FloatVector d0 = FloatVector.zero(S);
            FloatVector d1 = d0;
            FloatVector d2 = d0;
            FloatVector d3 = d0;
            for (int p = 0; p < kv; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, r0 + p);
                d0 = x.fma(FloatVector.fromArray(S, b, s0 + p), d0);
                d1 = x.fma(FloatVector.fromArray(S, b, s1 + p), d1);
                d2 = x.fma(FloatVector.fromArray(S, b, s2 + p), d2);
                d3 = x.fma(FloatVector.fromArray(S, b, s3 + p), d3);
            }
            int cols = Math.min(4, j1 - j);
            if (NETWORK) {
                // Lane 4t holds output t of (c0, c2, c1, c3).
                FloatVector f = pair(pair(d0, d1, HI8, SW8), pair(d2, d3, HI8, SW8), HI4, SW4);
                FloatVector g = f.add(f.rearrange(SW2));
                g.add(g.rearrange(SW1)).intoArray(tmp, 0);
                c[cRow + j] = tail(tmp[0], a, r0, b, s0, kv, k);
                if (cols > 1) {
                    c[cRow + j + 1] = tail(tmp[8], a, r0, b, s1, kv, k);
                }
                if (cols > 2) {
                    c[cRow + j + 2] = tail(tmp[4], a, r0, b, s2, kv, k);
                }
                if (cols > 3) {
                    c[cRow + j + 3] = tail(tmp[12], a, r0, b, s3, kv, k);
                }
                continue;
            }
            storeDot(d0, a, r0, b, s0, kv, k, c, cRow + j, tmp);
            if (cols > 1) {
                storeDot(d1, a, r0, b, s1, kv, k, c, cRow + j + 1, tmp);
            }
            if (cols > 2) {
                storeDot(d2, a, r0, b, s2, kv, k, c, cRow + j + 2, tmp);
            }
            if (cols > 3) {
                storeDot(d3, a, r0, b, s3, kv, k, c, cRow + j + 3, tmp);
            }
        }
    }

    /**
     * One step of the lane-sum tree for two vectors at once: in each group of 2w lanes, the low w
     * lanes get x_i + x_{i+w} and the high w lanes y_{i} + y_{i−w}.
     */
    private static FloatVector pair(FloatVector x, FloatVector y, VectorMask<Float> hi, VectorShuffle<Float> sw) {
        return x.blend(y, hi).add(y.blend(x, hi).rearrange(sw));
    }

    /** A lane sum plus the scalar tail of its dot product, k in [kv, k) in order. */
    private static float tail(float sum, float[] a, int ra, float[] b, int rb, int kv, int k) {
        for (int p = kv; p < k; p++) {
            sum += a[ra + p] * b[rb + p];
        }
        return sum;
    }

    private static void storeDot(FloatVector d, float[] a, int ra, float[] b, int rb, int kv, int k, float[] c,
                                 int at, float[] tmp) {
        float sum = sumLanes(d, tmp);
        for (int p = kv; p < k; p++) {
            sum += a[ra + p] * b[rb + p];
        }
        c[at] = sum;
    }

    /**
     * The sum of the lanes in a fixed pairwise order. {@code reduceLanes(ADD)} is not used: the
     * Vector API leaves the order of a floating-point reduction to the implementation, so its bits
     * may differ between JDKs and between interpreted and compiled code.
     */
    static float sumLanes(FloatVector v, float[] tmp) {
        // Through memory: rearranging lanes in registers allocates on JDK 17 (not intrinsified).
        v.intoArray(tmp, 0);
        for (int w = L / 2; w >= 1; w /= 2) {
            for (int i = 0; i < w; i++) {
                tmp[i] += tmp[i + w];
            }
        }
        return tmp[0];
    }
}
