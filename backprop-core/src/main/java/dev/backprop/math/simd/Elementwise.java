package dev.backprop.math.simd;

/**
 * The float32 elementwise operations of the activations, in scalar code: a ← σ(z), δ ← ∂E/∂a ⊙
 * σ'(z) for the sigmoid and the (leaky) ReLU, and the flush of tiny values to zero. They are the
 * definition that {@link VectorElementwise} follows on SIMD lanes operation for operation
 * (including the exponential, {@link #exp}, made of fused multiply-adds), so <b>both give the same
 * bits</b> and results never depend on which kernels ran. Used by the scalar kernels and for the
 * vector loops' tails; no Vector API here, so it loads without the module.
 */
public final class Elementwise {
    static final float LOG2E = 1.44269504088896341f;
    static final float SHIFT = 12582912f;             // 1.5 · 2^23: adding it rounds to an integer
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float EXP_MAX = 88.0f;
    static final float EXP_MIN = -87.33654f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    /**
     * Activations and deltas smaller in magnitude than 2^−60 are flushed to zero, so that neither
     * they nor their products (≥ 2^−120) are subnormal: x86 processors handle subnormal floats
     * about a hundred times slower, and saturated sigmoid units otherwise fill a network with them
     * as training goes on. A value this small is far below the resolution of any weight update.
     */
    static final float FLUSH = 0x1p-60f;

    private Elementwise() {
    }

    /**
     * e^x in float32 to within 2 ulp, deterministic on every JVM: x is clamped to [−87.34, 88],
     * reduced to r = x − n ln 2 with |r| ≤ ln 2 / 2 (Cody–Waite), e^r from a degree-7 polynomial
     * (Cephes' expf coefficients) in fused multiply-adds, then scaled by 2^n. NaN stays NaN.
     *
     * @param x the exponent
     * @return e^x (for x below −87.34 the value at −87.34, about 1.2e−38)
     */
    public static float exp(float x) {
        x = Math.min(EXP_MAX, Math.max(EXP_MIN, x));
        float t = Math.fma(x, LOG2E, SHIFT);
        float n = t - SHIFT;
        int ni = Float.floatToRawIntBits(t) - 0x4B400000;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        return e * Float.intBitsToFloat((ni + 127) << 23);
    }

    /**
     * @param z the input
     * @return σ(z) = 1 / (1 + e^(−z)) with {@link #exp}, flushed to 0 below 2^−60
     */
    public static float sigmoid(float z) {
        float a = 1f / (1f + exp(-z));
        return a < FLUSH ? 0f : a;
    }

    /**
     * @param v a value
     * @return v, or 0 if |v| &lt; 2^−60 (see {@link #FLUSH})
     */
    public static float flush(float v) {
        return Math.abs(v) < FLUSH ? 0f : v;
    }

    /**
     * a ← σ(z) for n values.
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset in both arrays
     * @param n number of values
     */
    public static void sigmoid(float[] z, float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            a[i] = sigmoid(z[i]);
        }
    }

    /**
     * δ ← ∂E/∂a ⊙ a(1 − a), the sigmoid's derivative from its output, flushed to 0 below 2^−60.
     *
     * @param a activations
     * @param dEda ∂E/∂a
     * @param delta written
     * @param off offset
     * @param n number of values
     */
    public static void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            delta[i] = flush(dEda[i] * (a[i] * (1f - a[i])));
        }
    }

    /**
     * ReLU (leaky with {@code slope} ≠ 0, identity with {@code slope} = 1): a ← z &gt; 0 ? z : slope · z
     * (exactly +0 when slope is 0).
     *
     * @param z weighted inputs
     * @param a activations, written
     * @param off offset in both arrays
     * @param n number of values
     * @param slope slope for z ≤ 0
     */
    public static void relu(float[] z, float[] a, int off, int n, float slope) {
        for (int i = off, end = off + n; i < end; i++) {
            float v = z[i];
            a[i] = v > 0f ? v : slope == 0f ? 0f : slope * v;
        }
    }

    /**
     * δ ← z &gt; 0 ? ∂E/∂a : slope · ∂E/∂a (exactly +0 when slope is 0).
     *
     * @param z weighted inputs
     * @param dEda ∂E/∂a
     * @param delta written
     * @param off offset
     * @param n number of values
     * @param slope slope for z ≤ 0
     */
    public static void reluBackward(float[] z, float[] dEda, float[] delta, int off, int n, float slope) {
        for (int i = off, end = off + n; i < end; i++) {
            delta[i] = z[i] > 0f ? dEda[i] : slope == 0f ? 0f : slope * dEda[i];
        }
    }

    /**
     * x ← 0 where |x| &lt; 2^−60, in place.
     *
     * @param x the values
     * @param off offset
     * @param n number of values
     */
    public static void flush(float[] x, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            x[i] = flush(x[i]);
        }
    }
}
