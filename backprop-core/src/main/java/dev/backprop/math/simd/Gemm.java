package dev.backprop.math.simd;

import java.util.Arrays;

import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.WorkerPool.from;
import static dev.backprop.math.simd.WorkerPool.to;

/**
 * GEMM on the JDK Vector API, multi-threaded over output tiles: the driver that picks a strategy
 * for each shape and splits its output between threads.
 *
 * <p>GEMM follows the Goto/BLIS scheme: for each block of {@link #KC} steps of k, A is packed into
 * panels of {@link #MR} rows and B into panels of {@link #NR} columns (zero-padded, {@link Pack}),
 * and a register-blocked micro-kernel ({@link MicroKernels}, 12 × NR, with smaller ones for the
 * edges) accumulates a tile of C with fused multiply-adds. The NT form with few rows or few columns
 * (the forward pass of small batches or narrow layers) uses an unpacked dot-product kernel
 * ({@link Dot}) instead, and NN and TN with few rows or short k an unpacked outer-product kernel
 * ({@link Outer}). Small products (fewer than {@link #PARALLEL_MIN} multiply-adds, k ≤ KC) run on
 * the calling thread without packing ({@link Small}), NT after copying B transposed.
 *
 * <p><b>Determinism.</b> Threads split the output into disjoint tiles; each element of C is
 * computed by one thread, summing k in a fixed order (k-blocks in order; within a block, in order
 * for the packed kernel, or by lanes then a fixed lane reduction for the dot kernel) that depends
 * only on the shapes. Results are therefore bit-identical for any thread count. They differ from
 * the scalar kernels in rounding only (fused multiply-adds, another summation order).
 *
 * <p>This package is not exported: {@code dev.backprop.math.Kernels} is the door to it.
 */
public final class Gemm {
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

    /** Per-thread packing buffers, grown on demand and then reused. */
    static final class Scratch {
        float[] packA = new float[0];
        final float[] packB = new float[KC * NR];
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
        /** The operands of the unpacked kernels, filled per product. */
        final Operands op = new Operands(packB, tile);
    }

    /**
     * @param pool the threads to split products between; each product uses at most all of them
     */
    public Gemm(WorkerPool pool) {
        this.pool = pool;
        this.scratch = new Scratch[pool.threads()];
        for (int t = 0; t < scratch.length; t++) {
            scratch[t] = new Scratch();
        }
    }

    /** @return the number of threads */
    public int threads() {
        return pool.threads();
    }

    /** @return the vector species the kernels use, e.g. {@code Species[float, 16, S_512_BIT]} */
    public static String species() {
        return Lanes.S.toString();
    }

    /** @return the floats in one vector of the species the kernels use */
    public static int lanes() {
        return Lanes.S.length();
    }

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
            Operands o = scratch[part].op.a(a, aOff, ta ? 1 : lda, ta ? lda : 1, k).b(b, bOff, ldb).c(c, cOff, ldc);
            if (splitColumns) {
                Outer.outer(o, 0, m, from(n, part, parts, NR), to(n, part, parts, NR));
            } else {
                Outer.outer(o, from(m, part, parts, 4), to(m, part, parts, 4), 0, n);
            }
            o.clear();
        }

        private void runDot(int part, int parts) {
            // A's rows lda apart, B's rows ldb apart, both contiguous along k (NT form only).
            Operands o = scratch[part].op.a(a, aOff, lda, 1, k).b(b, bOff, ldb).c(c, cOff, ldc);
            if (splitColumns) {
                Dot.dotNT(o, 0, m, from(n, part, parts, 2), to(n, part, parts, 2));
            } else {
                Dot.dotNT(o, from(m, part, parts, 4), to(m, part, parts, 4), 0, n);
            }
            o.clear();
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
            int needA = rowPanels * MR * KC + Pack.PACK_SLACK;
            if (s.packA.length < needA) {
                s.packA = new float[needA];
            }
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                Pack.packA(a, aOff, lda, ta, i0, rows, k0, kc, s.packA);
                for (int p = p0; p < p1; p++) {
                    int j0 = p * NR;
                    int cols = Math.min(NR, n - j0);
                    Pack.packB(b, bOff, ldb, tb, j0, cols, k0, kc, s.packB, s.rowStarts(ldb));
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
     * C = op(A) · op(B), overwriting C: the contract of {@code Kernels.gemm} (row-major operands
     * with offsets and leading dimensions). One product at a time per instance.
     *
     * @param transA use Aᵀ (A stored as k × m)
     * @param transB use Bᵀ (B stored as n × k)
     * @param m rows of C
     * @param n columns of C
     * @param k the summed dimension
     * @param a A's array
     * @param aOff offset of A
     * @param lda leading dimension of A as stored
     * @param b B's array
     * @param bOff offset of B
     * @param ldb leading dimension of B as stored
     * @param c C's array
     * @param cOff offset of C
     * @param ldc leading dimension of C
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        GemmTask t = gemmTask;
        synchronized (t) {
            if ((long) m * n * k < PARALLEL_MIN && k <= KC && (!transB || (!transA && k < 20 * m))) {
                // Small products: on this thread, unpacked (NT with B transposed into scratch).
                Scratch s = scratch[0];
                Operands o = s.op.c(c, cOff, ldc);
                if (!transB) {
                    o.a(a, aOff, transA ? 1 : lda, transA ? lda : 1, k).b(b, bOff, ldb);
                } else {
                    int ldt = (n + NR - 1) / NR * NR;
                    if (s.packA.length < ldt * k) {
                        s.packA = new float[ldt * k];
                    }
                    Pack.transpose(b, bOff, ldb, n, k, s.packA, ldt);
                    o.a(a, aOff, lda, 1, k).b(s.packA, 0, ldt);
                }
                Small.small(o, m, n);
                o.clear();
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
                // Columns when each thread gets two panels or fewer than 6 rows: a measured threshold,
                // not the unpacked tiles' height (4).
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
}
