package dev.backprop.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API, multi-threaded over output tiles.
 *
 * <p>GEMM follows the Goto/BLIS scheme: for each block of {@link #KC} steps of k, A is packed into
 * panels of {@link #MR} rows and B into panels of {@link #NR} columns (zero-padded), and a
 * register-blocked micro-kernel ({@link MicroKernels}, 12 × NR, with smaller ones for the edges)
 * accumulates a tile of C with fused multiply-adds. The
 * NT form with few rows or few columns (the forward pass of small batches or narrow layers) uses an
 * unpacked dot-product kernel instead. Small products (fewer than {@link #PARALLEL_MIN}
 * multiply-adds, k ≤ KC) run on the calling thread without packing: {@link #small} for NN and TN,
 * and for NT with short k after copying B transposed.
 *
 * <p><b>Determinism.</b> Threads split the output into disjoint tiles; each element of C is
 * computed by one thread, summing k in a fixed order (k-blocks in order; within a block, in order
 * for the packed kernel, or by lanes then a fixed lane reduction for the dot kernel) that depends
 * only on the shapes. Results are therefore bit-identical for any thread count. They differ from
 * {@link ScalarKernels} in rounding only (fused multiply-adds, another summation order).
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the main micro-kernel's C tile ({@link MicroKernels}): 12 × 2 vectors, 24 accumulators. */
    static final int MR = 12;
    /**
     * Products with fewer rows than this take the unpacked kernels (dot for NT, outer for NN and
     * TN). It fixes which kernel, and so which summation order, a shape gets.
     */
    static final int SMALL_M = 12;
    /** Columns of the micro-kernel's C tile: two vectors. */
    static final int NR = 2 * L;
    /** Steps of k per packed block: an NR-wide B panel of KC rows fills 32 KB with AVX-512. */
    static final int KC = 256;
    /** Below this many multiply-adds a product runs on the calling thread alone: handing work to another thread costs more than it saves. */
    static final long PARALLEL_MIN = 1L << 20;

    private final WorkerPool pool;
    private final Scratch[] scratch;
    private final GemmTask gemmTask = new GemmTask();
    private final RangeTask rangeTask = new RangeTask();
    /** Below this many iterations an elementwise loop runs on the calling thread alone. */
    static final int RANGE_PARALLEL_MIN = 1 << 18;

    /** Adapts a {@link Kernels.Range} to the pool without allocating. */
    private static final class RangeTask implements WorkerPool.Task {
        Range range;
        int n;

        @Override
        public void run(int part, int parts) {
            int from = from(n, part, parts, 64);
            int to = to(n, part, parts, 64);
            if (from < to) {
                range.run(from, to);
            }
        }
    }

    @Override
    public void forRange(int n, Range task) {
        if (n < RANGE_PARALLEL_MIN || pool.threads() == 1) {
            task.run(0, n);
            return;
        }
        RangeTask t = rangeTask;
        synchronized (t) {
            t.range = task;
            t.n = n;
            pool.run(t, pool.threads());
            t.range = null;
        }
    }

    /** Per-thread packing buffers, grown on demand and then reused. */
    static final class Scratch {
        float[] packA = new float[0];
        float[] packB = new float[KC * NR];
        /** r·ld for the lanes r of a vector: the gather that packs a transposed B. */
        private final int[] rowStarts = new int[L];

        /** @return r·ld for r in [0, L), recomputed only when ld changes */
        int[] rowStarts(int ld) {
            if (L > 1 && rowStarts[1] != ld) {
                for (int r = 0; r < L; r++) {
                    rowStarts[r] = r * ld;
                }
            }
            return rowStarts;
        }
        /** The micro-kernel's edge tile, and the dot kernel's lane sums (18 vectors). */
        final float[] tile = new float[Math.max(MR * NR, 18 * L)];
    }

    /**
     * @param threads threads to use, ≥ 1
     */
    VectorKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.pool = new WorkerPool(threads);
        this.scratch = new Scratch[threads];
        for (int t = 0; t < threads; t++) {
            scratch[t] = new Scratch();
        }
    }

    /** @return the number of threads */
    int threads() {
        return pool.threads();
    }

    @Override
    public String toString() {
        return "vector(" + S + ", threads=" + pool.threads() + ")";
    }

    // ------------------------------------------------------------------ GEMM

    /** The arguments of one gemm call, shared with the worker threads. */
    private final class GemmTask implements WorkerPool.Task {
        boolean ta;
        boolean tb;
        int m;
        int n;
        int k;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float[] c;
        int cOff;
        int ldc;
        boolean dot;
        boolean unpacked;
        boolean splitColumns;

        @Override
        public void run(int part, int parts) {
            if (dot) {
                runDot(part, parts);
            } else if (unpacked) {
                runUnpacked(part, parts);
            } else {
                runPacked(part, parts);
            }
        }

        private void runUnpacked(int part, int parts) {
            // op(A)(i, p) = a[aOff + i·ai + p·ap]; op(B) row p is contiguous (NN and TN forms only).
            int ai = ta ? 1 : lda;
            int ap = ta ? lda : 1;
            Scratch s = scratch[part];
            if (splitColumns) {
                outer(a, aOff, ai, ap, b, bOff, ldb, c, cOff, ldc, 0, m, from(n, part, parts, NR),
                        to(n, part, parts, NR), k, s.packB, s.tile);
            } else {
                outer(a, aOff, ai, ap, b, bOff, ldb, c, cOff, ldc, from(m, part, parts, 4), to(m, part, parts, 4),
                        0, n, k, s.packB, s.tile);
            }
        }

        private void runDot(int part, int parts) {
            if (splitColumns) {
                dotNT(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 0, m,
                        from(n, part, parts, 2), to(n, part, parts, 2), k, scratch[part].tile);
            } else {
                dotNT(a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                        from(m, part, parts, 4), to(m, part, parts, 4), 0, n, k, scratch[part].tile);
            }
        }

        private void runPacked(int part, int parts) {
            Scratch s = scratch[part];
            int panels = (n + NR - 1) / NR;
            int i0 = 0;
            int i1 = m;
            int p0 = 0;
            int p1 = panels;
            if (splitColumns) {
                p0 = from(panels, part, parts, 1);
                p1 = to(panels, part, parts, 1);
            } else {
                i0 = from(m, part, parts, MR);
                i1 = to(m, part, parts, MR);
            }
            if (i0 >= i1 || p0 >= p1) {
                return;
            }
            int rows = i1 - i0;
            int rowPanels = (rows + MR - 1) / MR;
            int needA = rowPanels * MR * KC + PACK_SLACK;
            if (s.packA.length < needA) {
                s.packA = new float[needA];
            }
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                packA(a, aOff, lda, ta, i0, rows, k0, kc, s.packA);
                for (int p = p0; p < p1; p++) {
                    int j0 = p * NR;
                    int cols = Math.min(NR, n - j0);
                    packB(b, bOff, ldb, tb, j0, cols, k0, kc, s.packB, s.rowStarts(ldb));
                    for (int rp = 0; rp < rowPanels; rp++) {
                        int i = i0 + rp * MR;
                        int nRows = Math.min(MR, i1 - i);
                        MicroKernels.tile(s.packA, rp * MR * kc, s.packB, kc, c, cOff + i * ldc + j0, ldc,
                                nRows, cols, k0 > 0, s.tile);
                    }
                }
            }
        }
    }

    /**
     * Splits [0, total) into {@code parts} contiguous ranges whose boundaries are multiples of
     * {@code grain}: the start of part p.
     */
    static int from(int total, int part, int parts, int grain) {
        int units = (total + grain - 1) / grain;
        int per = units / parts;
        int extra = units % parts;
        return Math.min(total, (part * per + Math.min(part, extra)) * grain);
    }

    /** The end of part p; see {@link #from}. */
    static int to(int total, int part, int parts, int grain) {
        return part + 1 == parts ? total : from(total, part + 1, parts, grain);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        GemmTask t = gemmTask;
        synchronized (t) {
            if ((long) m * n * k < PARALLEL_MIN && k <= KC && (!transB || (!transA && k < 20 * m))) {
                // Small products: on this thread, unpacked (NT with B transposed into scratch).
                Scratch s = scratch[0];
                if (!transB) {
                    small(a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, ldb, c, cOff, ldc, m, n, k, s.packB,
                            s.tile);
                } else {
                    int ldt = (n + NR - 1) / NR * NR;
                    if (s.packA.length < ldt * k) {
                        s.packA = new float[ldt * k];
                    }
                    transpose(b, bOff, ldb, n, k, s.packA, ldt);
                    small(a, aOff, lda, 1, s.packA, 0, ldt, c, cOff, ldc, m, n, k, s.packB, s.tile);
                }
                return;
            }
            t.ta = transA;
            t.tb = transB;
            t.m = m;
            t.n = n;
            t.k = k;
            t.a = a;
            t.aOff = aOff;
            t.lda = lda;
            t.b = b;
            t.bOff = bOff;
            t.ldb = ldb;
            t.c = c;
            t.cOff = cOff;
            t.ldc = ldc;
            // Kernel choice depends on the shape alone. The packed and unpacked outer-product
            // kernels give the same bits (same k-blocks, same fused multiply-adds in order).
            t.dot = !transA && transB && (m < SMALL_M || n < NR);
            t.unpacked = !t.dot && !transB && (k <= 16 || m < SMALL_M);
            int panels = (n + NR - 1) / NR;
            int parts = (long) m * n * k < PARALLEL_MIN ? 1 : pool.threads();
            if (t.dot) {
                t.splitColumns = n >= 2 * parts || m < 4 * parts;
            } else if (t.unpacked) {
                // The rule from when the packed kernel's panels were 6 rows high; unpacked tiles are 4.
                t.splitColumns = panels >= 2 * parts || m < 6 * parts;
            } else {
                t.splitColumns = packedSplitsColumns(transA, transB, m, n, k, parts);
            }
            pool.run(t, parts);
            t.a = null;
            t.b = null;
            t.c = null;
        }
    }

    /**
     * Whether the packed kernel should give each thread a range of column panels (each thread then
     * packs all of A and its part of B) rather than a range of row panels (its part of A, all of
     * B): the choice with the smaller estimated time on the busiest thread, counting the tiles it
     * computes (padding and uneven shares included) and the elements it packs. Packing a
     * transposed operand costs more than copying rows; the weights are measured on AVX-512
     * (ns per element packed, per multiply-add at about 75 G/s). Either way each element of C is
     * computed alike, so this changes the speed only, never the bits.
     */
    static boolean packedSplitsColumns(boolean ta, boolean tb, int m, int n, int k, int parts) {
        int panels = (n + NR - 1) / NR;
        int rowPanels = (m + MR - 1) / MR;
        if (rowPanels < parts) {
            return true;
        }
        if (panels < parts) {
            return false;
        }
        double mac = 1 / 75.0;
        double packA = ta ? 0.15 : 0.3;
        double packB = tb ? 0.3 : 0.1;
        double tile = (double) MR * NR * k * mac;
        int myPanels = (panels + parts - 1) / parts;
        int myRowPanels = (rowPanels + parts - 1) / parts;
        double columns = (double) myPanels * rowPanels * tile + (double) m * k * packA
                + (double) myPanels * NR * k * packB;
        double rows = (double) myRowPanels * panels * tile + (double) myRowPanels * MR * k * packA
                + (double) n * k * packB;
        return columns <= rows;
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

    /** Lane i holds i: the lanes of a partial vector are those below its length. */
    private static final FloatVector IOTA = iota();

    private static FloatVector iota() {
        float[] x = new float[L];
        for (int i = 0; i < L; i++) {
            x[i] = i;
        }
        return FloatVector.fromArray(S, x, 0);
    }

    /**
     * C = op(A) B for small products (k ≤ {@link #KC}) on the calling thread, straight from the
     * operands: tiles of 4 rows × NR columns, then single rows, as in {@link #outer} (each element
     * is the fused multiply-adds over p in order from zero: the same bits as {@link #outer} and the
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

    /**
     * The unpacked outer-product kernel for C = op(A) B with B's rows contiguous: tiles of 4 rows ×
     * NR columns accumulate Σ_p op(A)(i, p) B[p][j] by fused multiply-adds in the order of p, in
     * k-blocks of {@link #KC} exactly as {@link #micro} does, so the bits equal the packed path's.
     * Rows beyond i1 in the last tile repeat row i1 − 1 (computed, not stored); the columns after
     * the last full NR-wide tile are copied, zero-padded, into {@code pad} (KC × NR) and done by the
     * same tile kernel.
     */
    static void outer(float[] a, int aOff, int ai, int ap, float[] b, int bOff, int ldb, float[] c, int cOff,
                      int ldc, int i0, int i1, int j0, int j1, int k, float[] pad, float[] tile) {
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
                int rows = Math.min(4, i1 - i);
                int a0 = aOff + i * ai + k0 * ap;
                int a1 = aOff + Math.min(i + 1, i1 - 1) * ai + k0 * ap;
                int a2 = aOff + Math.min(i + 2, i1 - 1) * ai + k0 * ap;
                int a3 = aOff + Math.min(i + 3, i1 - 1) * ai + k0 * ap;
                for (int j = j0; j < jv; j += NR) {
                    tile4(a, a0, a1, a2, a3, ap, b, bOff + k0 * ldb + j, ldb, kc, c, cOff + i * ldc + j, ldc, rows,
                            NR, accumulate, tile);
                }
                if (tail > 0) {
                    tile4(a, a0, a1, a2, a3, ap, pad, 0, NR, kc, c, cOff + i * ldc + jv, ldc, rows, tail,
                            accumulate, tile);
                }
            }
        }
    }

    /** One 4 × NR tile of {@link #outer} over kc steps; stores {@code rows} × {@code cols} of it. */
    private static void tile4(float[] a, int a0, int a1, int a2, int a3, int ap, float[] b, int bBase, int ldb,
                              int kc, float[] c, int cBase, int ldc, int rows, int cols, boolean accumulate,
                              float[] tile) {
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
            for (int j = 0; j < cols; j++) {
                c[row + j] = accumulate ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }

    /**
     * C[i][j] = Σ_k A[i][k] B[j][k] for rows [i0, i1) and columns [j0, j1): register-blocked dot
     * products of contiguous rows, 4 rows of A × 4 (or 2) rows of B at a time, the rows left over
     * one at a time × 4 columns (a last partial group of columns repeats its last column, computed
     * but not stored twice). Each sum runs over vectors of k in order, then the fixed pairwise
     * lane reduction of {@link #sumLanes} (with 16 lanes, by a blend/rearrange network that does
     * the sums of a whole tile at once), then the scalar tail in order. When A is small it stays in
     * cache and the loops run column groups outside, row tiles inside.
     */
    static void dotNT(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                      int i0, int i1, int j0, int j1, int k, float[] tmp) {
        int kv = k - k % L;
        if ((long) (i1 - i0) * k <= DOT_A_RESIDENT) {
            // A's rows stay in L1 while each group of 4 rows of B passes over them once.
            for (int j = j0; j < j1; j += 4) {
                int je = Math.min(j + 4, j1);
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    dotTile(a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, j, je, k, kv, tmp);
                }
                if (NETWORK) {
                    for (; i + 2 <= i1; i += 2) {
                        dotRows2(a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, j, je, k, kv, tmp);
                    }
                }
                for (; i < i1; i++) {
                    dotRow(a, aOff + i * lda, b, bOff, ldb, c, cOff + i * ldc, j, je, k, kv, tmp);
                }
            }
            return;
        }
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            for (int j = j0; j < j1; j += 4) {
                dotTile(a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, j, Math.min(j + 4, j1), k, kv,
                        tmp);
            }
        }
        if (NETWORK) {
            for (; i + 2 <= i1; i += 2) {
                for (int j = j0; j < j1; j += 4) {
                    dotRows2(a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, j, Math.min(j + 4, j1), k,
                            kv, tmp);
                }
            }
        }
        for (; i < i1; i++) {
            dotRow(a, aOff + i * lda, b, bOff, ldb, c, cOff + i * ldc, j0, j1, k, kv, tmp);
        }
    }

    /**
     * Two rows of A × columns [j, je) of C, 1 ≤ je − j ≤ 4 (the last column repeated): the
     * leftover rows of {@link #dotNT} two at a time (six loads per eight fused multiply-adds
     * instead of five per four). Each sum is the one {@link #dotRow} forms — vectors of k in order
     * from zero, the lane-sum network, the scalar tail — so the bits are the same.
     */
    private static void dotRows2(float[] a, int r0, int lda, float[] b, int bOff, int ldb, float[] c, int cRow,
                                 int ldc, int j, int je, int k, int kv, float[] tmp) {
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
            rowSums(tmp, (2 + 4 * row) * L, a, r0 + row * lda, b, s0, s1, s2, s3, kv, k, c, cRow + row * ldc + j,
                    cols);
        }
    }

    /**
     * The lane sums of four accumulators stored at {@code tmp[at..at + 4L)} by the network of
     * {@link #dotRow}, then the scalar tails, into up to four consecutive elements of C.
     */
    private static void rowSums(float[] tmp, int at, float[] a, int r0, float[] b, int s0, int s1, int s2, int s3,
                                int kv, int k, float[] c, int cAt, int cols) {
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
    private static void dotTile(float[] a, int r0, int lda, float[] b, int bOff, int ldb, float[] c, int cRow,
                                int ldc, int j, int je, int k, int kv, float[] tmp) {
        if (je - j <= 2) {
            dot4x2(a, r0, lda, b, bOff, ldb, c, cRow, ldc, j, je, k, kv, tmp);
        } else if (NETWORK) {
            dot4x4(a, r0, lda, b, bOff, ldb, c, cRow, ldc, j, je, k, kv, tmp);
        } else {
            dot4x2(a, r0, lda, b, bOff, ldb, c, cRow, ldc, j, j + 2, k, kv, tmp);
            dot4x2(a, r0, lda, b, bOff, ldb, c, cRow, ldc, j + 2, je, k, kv, tmp);
        }
    }

    /**
     * Rows r0..r0+3 of A × columns [j, je) of C, 3 ≤ je − j ≤ 4 (the last column repeated), with
     * the lane-sum network (16 lanes only).
     */
    private static void dot4x4(float[] a, int r0, int lda, float[] b, int bOff, int ldb, float[] c, int cRow,
                               int ldc, int j, int je, int k, int kv, float[] tmp) {
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
        finish4x4(tmp, a, r0, lda, b, s0, ldb, s3, c, cRow + j, ldc, je - j, k, kv);
    }

    /**
     * Stores the 4 × cols tile of {@link #dot4x4} from its 16 accumulators in tmp[0, 16·L) (row r,
     * column c at vector 4r + c): the lane sums by the network, then each dot product's scalar
     * tail. In a method of its own (too large to be inlined): in one method with the loop, the
     * network no longer fits C2's inlining budget and the vectors would be boxed.
     */
    private static void finish4x4(float[] tmp, float[] a, int r0, int lda, float[] b, int s0, int ldb, int s3,
                                  float[] c, int at, int ldc, int cols, int k, int kv) {
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
        int o = 16 * L;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int s1 = s0 + ldb;
        int s2 = s1 + ldb;
        c[at] = tail(tmp[o], a, r0, b, s0, kv, k);
        c[at + ldc] = tail(tmp[o + 4], a, r1, b, s0, kv, k);
        c[at + 2 * ldc] = tail(tmp[o + 2], a, r2, b, s0, kv, k);
        c[at + 3 * ldc] = tail(tmp[o + 6], a, r3, b, s0, kv, k);
        c[at + 1] = tail(tmp[o + 8], a, r0, b, s1, kv, k);
        c[at + ldc + 1] = tail(tmp[o + 12], a, r1, b, s1, kv, k);
        c[at + 2 * ldc + 1] = tail(tmp[o + 10], a, r2, b, s1, kv, k);
        c[at + 3 * ldc + 1] = tail(tmp[o + 14], a, r3, b, s1, kv, k);
        o += L;
        c[at + 2] = tail(tmp[o], a, r0, b, s2, kv, k);
        c[at + ldc + 2] = tail(tmp[o + 4], a, r1, b, s2, kv, k);
        c[at + 2 * ldc + 2] = tail(tmp[o + 2], a, r2, b, s2, kv, k);
        c[at + 3 * ldc + 2] = tail(tmp[o + 6], a, r3, b, s2, kv, k);
        if (cols > 3) {
            c[at + 3] = tail(tmp[o + 8], a, r0, b, s3, kv, k);
            c[at + ldc + 3] = tail(tmp[o + 12], a, r1, b, s3, kv, k);
            c[at + 2 * ldc + 3] = tail(tmp[o + 10], a, r2, b, s3, kv, k);
            c[at + 3 * ldc + 3] = tail(tmp[o + 14], a, r3, b, s3, kv, k);
        }
    }

    private static FloatVector v(float[] tmp, int i) {
        return FloatVector.fromArray(S, tmp, i * L);
    }

    /** Rows r0..r0+3 of A (stride lda) × columns [j, je) of C, je − j ∈ {1, 2}: one tile of {@link #dotNT}. */
    private static void dot4x2(float[] a, int r0, int lda, float[] b, int bOff, int ldb, float[] c, int cRow,
                               int ldc, int j, int je, int k, int kv, float[] tmp) {
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
    private static void dotRow(float[] a, int r0, float[] b, int bOff, int ldb, float[] c, int cRow, int j0, int j1,
                               int k, int kv, float[] tmp) {
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
     * Whether lane sums use the in-register network below (16 lanes): it adds the same pairs in
     * the same tree as {@link #sumLanes}, for several vectors at once.
     */
    static final boolean NETWORK = L == 16;
    static final VectorShuffle<Float> SW8 = swap(8);
    static final VectorShuffle<Float> SW4 = swap(4);
    static final VectorShuffle<Float> SW2 = swap(2);
    static final VectorShuffle<Float> SW1 = swap(1);
    static final VectorMask<Float> HI8 = high(8);
    static final VectorMask<Float> HI4 = high(4);
    static final VectorMask<Float> HI2 = high(2);
    static final VectorMask<Float> HI1 = high(1);

    /** The shuffle that exchanges lane i with lane i ^ w. */
    private static VectorShuffle<Float> swap(int w) {
        int[] ix = new int[L];
        for (int i = 0; i < L; i++) {
            ix[i] = (i ^ w) % L;
        }
        return VectorShuffle.fromArray(S, ix, 0);
    }

    /** The lanes whose index has bit w set. */
    private static VectorMask<Float> high(int w) {
        boolean[] m = new boolean[L];
        for (int i = 0; i < L; i++) {
            m[i] = (i & w) != 0;
        }
        return VectorMask.fromArray(S, m, 0);
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

    @Override
    public void rankOneDescent(float step, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w,
                               int wOff) {
        int nv = n - n % L;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            FloatVector xv = FloatVector.broadcast(S, xi);
            int row = wOff + i * n;
            int j = 0;
            for (; j < nv; j += L) {
                FloatVector g = FloatVector.fromArray(S, y, yOff + j).fma(xv, zero);
                FloatVector.fromArray(S, w, row + j).sub(g.mul(step)).intoArray(w, row + j);
            }
            for (; j < n; j++) {
                w[row + j] -= step * Math.fma(y[yOff + j], xi, 0f);
            }
        }
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff) {
        VectorElementwise.addBias(x, v, vOff, xOff, cols, rows);     // the same operation: v added to each row
    }

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff) {
        // s[j] = Σ_r X[r][j], r in increasing order: the same order as the scalar kernel.
        int cv = cols - cols % L;
        int j = 0;
        for (; j < cv; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, x, xOff + r * cols + j));
            }
            acc.intoArray(s, sOff + j);
        }
        for (; j < cols; j++) {
            float acc = 0f;
            for (int r = 0; r < rows; r++) {
                acc += x[xOff + r * cols + j];
            }
            s[sOff + j] = acc;
        }
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int nv = n - n % L;
        int i = 0;
        for (; i < nv; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }
}
