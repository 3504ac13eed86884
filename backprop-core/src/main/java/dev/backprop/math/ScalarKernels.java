package dev.backprop.math;

/**
 * Plain-Java reference kernels: simple loops, one writer per output element, and for every
 * element of C the products summed over k in increasing order, starting from zero.
 */
final class ScalarKernels implements Kernels {

    /** The shared instance; the class holds no state. */
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String kind() {
        return "scalar";
    }

    @Override
    public String toString() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = 0f;
            }
        }
        if (!transA && transB) {
            // C[i][j] = Σ_p A[i][p] B[j][p]: dot products of rows.
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float sum = 0f;
                    for (int p = 0; p < k; p++) {
                        sum += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] = sum;
                }
            }
        } else {
            // C[i][:] += A(i,p) B(p,:), p increasing: each element still sums p = 0, 1, ... in order.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (!transB) {
                        int bp = bOff + p * ldb;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += aip * b[bp + j];
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += aip * b[bOff + j * ldb + p];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int j = 0; j < cols; j++) {
                x[xr + j] += v[vOff + j];
            }
        }
    }

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff) {
        for (int j = 0; j < cols; j++) {
            s[sOff + j] = 0f;
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int j = 0; j < cols; j++) {
                s[sOff + j] += x[xr + j];
            }
        }
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }
}
