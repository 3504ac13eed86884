package dev.backprop.math;

import dev.backprop.math.simd.Gemm;
import dev.backprop.math.simd.VectorElementwise;
import dev.backprop.math.simd.WorkerPool;

/**
 * The SIMD kernels, matrix and elementwise alike: the door to {@link dev.backprop.math.simd},
 * which holds all the Vector API code and is not exported. Loaded by reflection only when the
 * Vector API module is present ({@link KernelChoice}), so that the scalar fallback never links
 * against it. See {@link Gemm} for the GEMM strategies and their determinism; the elementwise
 * operations give the scalar kernels' bits ({@link VectorElementwise}).
 */
final class VectorKernels implements Kernels {
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
    public String kind() {
        return "vector-" + Gemm.lanes() * Float.SIZE;  // the lane count sets the order of the sums
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
        VectorElementwise.rankOneDescent(step, x, xOff, m, y, yOff, n, w, wOff);
    }

    @Override
    public void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff) {
        VectorElementwise.addRowVector(x, xOff, rows, cols, v, vOff);
    }

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff) {
        VectorElementwise.columnSums(x, xOff, rows, cols, s, sOff);
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElementwise.add(x, xOff, y, yOff, n);
    }

    @Override
    public void sigmoid(float[] z, float[] a, int off, int n) {
        VectorElementwise.sigmoid(z, a, off, n);
    }

    @Override
    public void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        VectorElementwise.sigmoidBackward(a, dEda, delta, off, n);
    }

    @Override
    public void relu(float[] z, float[] a, int off, int n, float slope) {
        VectorElementwise.relu(z, a, off, n, slope);
    }

    @Override
    public void reluBackward(float[] z, float[] dEda, float[] delta, int off, int n, float slope) {
        VectorElementwise.reluBackward(z, dEda, delta, off, n, slope);
    }
}
