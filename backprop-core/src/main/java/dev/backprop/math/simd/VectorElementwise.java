package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.backprop.math.simd.Elementwise.EXP_MAX;
import static dev.backprop.math.simd.Elementwise.EXP_MIN;
import static dev.backprop.math.simd.Elementwise.FLUSH;
import static dev.backprop.math.simd.Elementwise.LN2_HI;
import static dev.backprop.math.simd.Elementwise.LN2_LO;
import static dev.backprop.math.simd.Elementwise.LOG2E;
import static dev.backprop.math.simd.Elementwise.P0;
import static dev.backprop.math.simd.Elementwise.P1;
import static dev.backprop.math.simd.Elementwise.P2;
import static dev.backprop.math.simd.Elementwise.P3;
import static dev.backprop.math.simd.Elementwise.P4;
import static dev.backprop.math.simd.Elementwise.P5;
import static dev.backprop.math.simd.Elementwise.SHIFT;
import static dev.backprop.math.simd.Lanes.L;
import static dev.backprop.math.simd.Lanes.S;

/**
 * The SIMD twins of {@link Elementwise}: the same operations in the same order on vector lanes,
 * so the bits agree with the scalar code (the tails past the last whole vector run the scalar code
 * itself); and the vector forms of the other elementwise kernels (row-vector add, column sums,
 * add, the rank-one step), whose lanes each do what the scalar loop does for one element.
 */
public final class VectorElementwise {

    private VectorElementwise() {
    }

    /** e^x on lanes: {@link Elementwise#exp} step for step. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(LOG2E, SHIFT);
        FloatVector n = t.sub(SHIFT);
        IntVector ni = (IntVector) t.reinterpretAsInts();
        FloatVector scale = ni.sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        return e.mul(scale);
    }

    static FloatVector sigmoid(FloatVector z) {
        FloatVector a = FloatVector.broadcast(S, 1f).div(exp(z.neg()).add(1f));
        return a.blend(0f, a.compare(VectorOperators.LT, FLUSH));
    }

    /** v, with lanes of magnitude below {@link Elementwise#FLUSH} set to 0. */
    static FloatVector flush(FloatVector v) {
        return v.blend(0f, v.abs().compare(VectorOperators.LT, FLUSH));
    }

    /**
     * {@link Elementwise#sigmoid(float[], float[], int, int)} on lanes.
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset in both arrays
     * @param n number of values
     */
    public static void sigmoid(float[] z, float[] a, int off, int n) {
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            sigmoid(FloatVector.fromArray(S, z, i)).intoArray(a, i);
        }
        Elementwise.sigmoid(z, a, i, off + n - i);
    }

    /**
     * {@link Elementwise#sigmoidBackward} on lanes.
     *
     * @param a activations
     * @param dEda ∂E/∂a
     * @param delta written
     * @param off offset
     * @param n number of values
     */
    public static void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            FloatVector g = FloatVector.fromArray(S, dEda, i);
            flush(g.mul(av.mul(FloatVector.broadcast(S, 1f).sub(av)))).intoArray(delta, i);
        }
        Elementwise.sigmoidBackward(a, dEda, delta, i, off + n - i);
    }

    /**
     * {@link Elementwise#relu} on lanes.
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset in both arrays
     * @param n number of values
     * @param slope slope for z ≤ 0
     */
    public static void relu(float[] z, float[] a, int off, int n, float slope) {
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            FloatVector v = FloatVector.fromArray(S, z, i);
            VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
            below(v, slope).blend(v, pos).intoArray(a, i);
        }
        Elementwise.relu(z, a, i, off + n - i, slope);
    }

    /**
     * {@link Elementwise#reluBackward} on lanes.
     *
     * @param z weighted inputs
     * @param dEda ∂E/∂a
     * @param delta written
     * @param off offset
     * @param n number of values
     * @param slope slope for z ≤ 0
     */
    public static void reluBackward(float[] z, float[] dEda, float[] delta, int off, int n, float slope) {
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            FloatVector g = FloatVector.fromArray(S, dEda, i);
            VectorMask<Float> pos = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            below(g, slope).blend(g, pos).intoArray(delta, i);
        }
        Elementwise.reluBackward(z, dEda, delta, i, off + n - i, slope);
    }

    /** slope · v, or exactly +0 when slope is 0. */
    private static FloatVector below(FloatVector v, float slope) {
        return slope == 0f ? FloatVector.zero(S) : v.mul(slope);
    }

    /**
     * W[i][j] ← W[i][j] − step · fma(y_j, x_i, 0) for W (m × n), on lanes.
     *
     * @param step the step
     * @param x the column vector, m values
     * @param xOff offset of x
     * @param m rows of W
     * @param y the row vector, n values
     * @param yOff offset of y
     * @param n columns of W
     * @param w W, row-major with leading dimension n, updated
     * @param wOff offset of W
     */
    public static void rankOneDescent(float step, float[] x, int xOff, int m, float[] y, int yOff, int n, float[] w,
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

    /**
     * X[r][j] += v[j] for the (rows × cols) matrix X, on lanes.
     *
     * @param x the matrix, row-major with leading dimension {@code cols}
     * @param xOff offset of X
     * @param rows rows of X
     * @param cols columns of X
     * @param v the vector
     * @param vOff offset of v
     */
    public static void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff) {
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            int j = 0;
            for (; j < cv; j += L) {
                FloatVector.fromArray(S, x, base + j).add(FloatVector.fromArray(S, v, vOff + j)).intoArray(x, base + j);
            }
            for (; j < cols; j++) {
                x[base + j] += v[vOff + j];
            }
        }
    }

    /**
     * s[j] = Σ_r X[r][j], r in increasing order, on lanes.
     *
     * @param x the matrix, row-major with leading dimension {@code cols}
     * @param xOff offset of X
     * @param rows rows of X
     * @param cols columns of X
     * @param s the output vector
     * @param sOff offset of s
     */
    public static void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff) {
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

    /**
     * y[i] += x[i] for i in [0, n), on lanes.
     *
     * @param x addend
     * @param xOff offset of x
     * @param y accumulator
     * @param yOff offset of y
     * @param n length
     */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
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
