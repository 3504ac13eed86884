package dev.backprop.math;

/**
 * The small set of matrix operations that backpropagation needs, behind one interface so that
 * faster implementations (SIMD, multi-threaded) can replace the plain one without touching the
 * equations in {@link dev.backprop.nn.Backpropagation}.
 *
 * <p>All matrices are float32 arrays in <b>row-major</b> order with an offset and a leading
 * dimension ({@code ld}, the distance between the starts of two rows), exactly as in BLAS
 * {@code cblas_sgemm(CblasRowMajor, ...)}. The three products that the seed's equations need are
 * the three transpose forms of {@link #gemm}:
 * <ul>
 *   <li>{@code NT}: z = W a (forward),</li>
 *   <li>{@code TN}: ∂E/∂W = δ aᵀ (weight gradient),</li>
 *   <li>{@code NN}: ∂E/∂a = Wᵀ δ (error sent back).</li>
 * </ul>
 *
 * <p><b>Determinism contract.</b> Every implementation must compute each output element with a
 * summation order that depends only on the shapes, never on the number of threads, so that results
 * are bit-identical whatever the thread count.
 */
public interface Kernels {

    /**
     * C = op(A) · op(B), overwriting C.
     *
     * <p>Shapes: op(A) is (m × k), op(B) is (k × n), C is (m × n). With {@code transA}, A is
     * stored as (k × m); with {@code transB}, B is stored as (n × k).
     *
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m rows of C
     * @param n columns of C
     * @param k the summed dimension
     * @param a A's array
     * @param aOff offset of A's first element
     * @param lda leading dimension of A as stored
     * @param b B's array
     * @param bOff offset of B's first element
     * @param ldb leading dimension of B as stored
     * @param c C's array
     * @param cOff offset of C's first element
     * @param ldc leading dimension of C
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc);

    /**
     * Adds the row vector {@code v} to each of the {@code rows} rows of the (rows × cols) matrix X:
     * X[r][j] += v[j]. Shape: X (rows × cols), v (1 × cols).
     *
     * @param x the matrix, row-major with leading dimension {@code cols}
     * @param xOff offset of X
     * @param rows rows of X
     * @param cols columns of X
     * @param v the vector
     * @param vOff offset of v
     */
    void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff);

    /**
     * Column sums: s[j] = Σ_r X[r][j], summed over r in increasing order, overwriting s.
     * Shape: X (rows × cols), s (1 × cols).
     *
     * @param x the matrix, row-major with leading dimension {@code cols}
     * @param xOff offset of X
     * @param rows rows of X
     * @param cols columns of X
     * @param s the output vector
     * @param sOff offset of s
     */
    void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff);

    /**
     * y[i] += x[i] for i in [0, n).
     *
     * @param x addend
     * @param xOff offset of x
     * @param y accumulator
     * @param yOff offset of y
     * @param n length
     */
    void add(float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * Gradient descent on a rank-one gradient, in place: W[i][j] ← W[i][j] − step · (x_i y_j) for
     * W (m × n), the product rounded once as {@code Math.fma(y_j, x_i, 0)} — the bits that
     * {@link #gemm} gives for a one-case δ aᵀ (k = 1) — so that applying it equals computing the
     * gradient and then stepping. Used for online learning, where it saves two passes over W.
     *
     * @param step η (times the gradient's scale)
     * @param x the column vector (δ), m values
     * @param xOff offset of x
     * @param m rows of W
     * @param y the row vector (a), n values
     * @param yOff offset of y
     * @param n columns of W
     * @param w W, row-major with leading dimension n, updated
     * @param wOff offset of W
     */
    default void rankOneDescent(float step, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w,
                                int wOff) {
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            int row = wOff + i * n;
            for (int j = 0; j < n; j++) {
                w[row + j] -= step * Math.fma(y[yOff + j], xi, 0f);
            }
        }
    }

    /** A range [from, to) of a loop whose iterations are independent of each other. */
    @FunctionalInterface
    interface Range {
        /**
         * @param from first index
         * @param to end index, exclusive
         */
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over [0, n) split into contiguous ranges, one per thread (all on the calling
     * thread when n is small or there is one thread). The iterations must be independent, each
     * element written by one range, so the result does not depend on the split. Used for the
     * optimizers' elementwise updates.
     *
     * @param n the number of iterations
     * @param task the loop body over a range
     */
    default void forRange(int n, Range task) {
        task.run(0, n);
    }

    /**
     * The kernels used when the caller does not choose: SIMD kernels on all cores when the JVM was
     * started with {@code --add-modules jdk.incubator.vector}, else the scalar kernels. The system
     * properties {@code backprop.kernels} ({@code vector} or {@code scalar}) and
     * {@code backprop.threads} override the choice.
     *
     * @return the default kernels, created once
     */
    static Kernels defaults() {
        return KernelChoice.DEFAULT;
    }

    /** @return the plain-Java scalar kernels (single-threaded) */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * SIMD kernels on the JDK Vector API with the given number of threads, or the scalar kernels if
     * the Vector API module is not present.
     *
     * @param threads threads, ≥ 1
     * @return new kernels (each instance owns its worker threads; reuse it)
     */
    static Kernels create(int threads) {
        return KernelChoice.create(threads);
    }

    /** @return whether the JDK Vector API module ({@code jdk.incubator.vector}) is present */
    static boolean vectorApiAvailable() {
        return KernelChoice.VECTOR_API;
    }
}
