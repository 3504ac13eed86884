package dev.backprop.math;

import dev.backprop.math.simd.Gemm;
import dev.backprop.math.simd.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels: the door to {@link dev.backprop.math.simd}, which holds the Vector API code
 * (GEMM strategies, packing, micro-kernels) and is not exported. Loaded by reflection only when the
 * Vector API module is present ({@link KernelChoice}), so that the scalar fallback never links
 * against it. See {@link Gemm} for the strategies and their determinism.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Below this many iterations an elementwise loop runs on the calling thread alone. */
    static final int RANGE_PARALLEL_MIN = 1 << 18;

    private final WorkerPool pool;
    private final Gemm gemm;
    private final RangeTask rangeTask = new RangeTask();

    /** Adapts a {@link Kernels.Range} to the pool without allocating. */
    private static final class RangeTask implements WorkerPool.Task {
        Range range;
        int n;

        @Override
        public void run(int part, int parts) {
            int from = WorkerPool.from(n, part, parts, 64);
            int to = WorkerPool.to(n, part, parts, 64);
            if (from < to) {
                range.run(from, to);
            }
        }
    }

    /**
     * @param threads threads to use, ≥ 1
     */
    VectorKernels(int threads) {
        this.pool = new WorkerPool(threads);
        this.gemm = new Gemm(pool);
    }

    /** @return the number of threads */
    int threads() {
        return pool.threads();
    }

    @Override
    public String toString() {
        return "vector(" + Gemm.species() + ", threads=" + pool.threads() + ")";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
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
