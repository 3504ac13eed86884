package dev.backprop.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS through the JavaCPP presets ({@code org.bytedeco:openblas}): its CBLAS sgemm on native
 * memory and its thread count. Only the LAPACK-free bindings ({@code openblas_nolapack}) are
 * loaded; the library underneath is the full OpenBLAS with runtime CPU dispatch.
 */
public final class OpenBlas {

    private OpenBlas() {
    }

    /**
     * Sets the threads OpenBLAS uses from now on (openblas_set_num_threads), loading it first.
     *
     * @param threads 1 or more
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        openblas_nolapack.blas_set_num_threads(threads);
        int now = threads();
        if (now != threads) {
            throw new IllegalStateException("asked OpenBLAS for " + threads + " threads, it uses " + now);
        }
    }

    /** @return the threads OpenBLAS uses (openblas_get_num_threads) */
    public static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /** @return the OpenBLAS version the bindings were built against, e.g. "OpenBLAS 0.3.31" */
    public static String version() {
        return openblas_nolapack.OPENBLAS_VERSION.trim();
    }

    /**
     * C = op(A)·op(B), row-major, overwriting C: {@code cblas_sgemm(CblasRowMajor, ..., alpha = 1,
     * ..., beta = 0, ...)}, the same contract as {@link dev.backprop.math.Kernels#gemm}.
     *
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m rows of C
     * @param n columns of C
     * @param k the summed dimension
     * @param a A in native memory
     * @param lda A's leading dimension
     * @param b B in native memory
     * @param ldb B's leading dimension
     * @param c C in native memory, written
     * @param ldc C's leading dimension
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             FloatPointer a, int lda, FloatPointer b, int ldb, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
    }
}
