package dev.backprop.math;

import dev.backprop.math.simd.Elementwise;

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
 *   <li>{@code NT}: z = W a (forward, with the bias: {@link #affine}),</li>
 *   <li>{@code TN}: ∂E/∂W = δ aᵀ (weight gradient),</li>
 *   <li>{@code NN}: ∂E/∂a = Wᵀ δ (error sent back).</li>
 * </ul>
 *
 * <p>The forward product comes with its bias as {@link #affine} (C = op(A) op(B) + 1·bᵀ). The
 * activations' elementwise passes ({@link #sigmoid}, {@link #relu} and their derivatives) are
 * kernels too, so that one instance decides both: {@link #scalar()} runs everything in scalar code,
 * a SIMD instance everything on vector lanes. Both give the same elementwise bits (the lanes follow
 * the scalar code operation for operation, with the library's own exponential).
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
     * C = op(A) · op(B) + 1·biasᵀ, overwriting C: the product of {@link #gemm}, then the row vector
     * {@code bias} (1 × n) added to each of its m rows, so each element is fl(fl(Σ_p …) + bias_j),
     * rounded as a product followed by {@link #addRowVector}. Shapes as in {@link #gemm}.
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
     * @param bias the bias array, n values from {@code biasOff}
     * @param biasOff offset of the bias
     * @param c C's array
     * @param cOff offset of C's first element
     * @param ldc leading dimension of C
     */
    default void affine(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda,
                        float[] b, int bOff, int ldb,
                        float[] bias, int biasOff,
                        float[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (ldc == n) {
            addRowVector(c, cOff, m, n, bias, biasOff);
        } else {
            for (int i = 0; i < m; i++) {
                addRowVector(c, cOff + i * ldc, 1, n, bias, biasOff);
            }
        }
    }

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

    /**
     * The logistic sigmoid, a ← σ(z) = 1 / (1 + e^(−z)) for n values, with the library's float32
     * exponential (within 2 ulp, Cody–Waite reduction and a degree-7 polynomial in fused
     * multiply-adds); outputs below 2^−60 are flushed to 0, so that saturated units never make
     * subnormal floats (x86 handles them about a hundred times slower).
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset of the values in both arrays
     * @param n number of values
     */
    default void sigmoid(float[] z, float[] a, int off, int n) {
        Elementwise.sigmoid(z, a, off, n);
    }

    /**
     * The sigmoid's δ from its output: δ ← ∂E/∂a ⊙ a(1 − a), flushed to 0 below 2^−60.
     *
     * @param a activations σ(z)
     * @param dEda ∂E/∂a
     * @param delta δ, written
     * @param off offset of the values in all arrays
     * @param n number of values
     */
    default void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        Elementwise.sigmoidBackward(a, dEda, delta, off, n);
    }

    /**
     * The (leaky) ReLU: a ← z &gt; 0 ? z : slope · z, exactly +0 when slope is 0.
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset of the values in both arrays
     * @param n number of values
     * @param slope the slope for z ≤ 0
     */
    default void relu(float[] z, float[] a, int off, int n, float slope) {
        Elementwise.relu(z, a, off, n, slope);
    }

    /**
     * The (leaky) ReLU's δ: δ ← z &gt; 0 ? ∂E/∂a : slope · ∂E/∂a, exactly +0 when slope is 0.
     *
     * @param z weighted inputs
     * @param dEda ∂E/∂a
     * @param delta δ, written
     * @param off offset of the values in all arrays
     * @param n number of values
     * @param slope the slope for z ≤ 0
     */
    default void reluBackward(float[] z, float[] dEda, float[] delta, int off, int n, float slope) {
        Elementwise.reluBackward(z, dEda, delta, off, n, slope);
    }

    /**
     * x ← 0 where |x| &lt; 2^−60, in place: the flush that {@link #sigmoid} applies, for activations
     * computed elsewhere (softmax).
     *
     * @param x the values
     * @param off offset of the values
     * @param n number of values
     */
    default void flushToZero(float[] x, int off, int n) {
        Elementwise.flush(x, off, n);
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
     * The kernels' kind, for checking that machines which compute parts of one result agree: the
     * thread count never changes the bits, but kernels of different kinds (the scalar kernels, and
     * the SIMD kernels of each vector width) add in different orders.
     *
     * @return {@code scalar}, {@code vector-} and the vector width in bits (for example
     *         {@code vector-512}), or for other kernels their class name
     */
    default String kind() {
        return getClass().getName();
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
