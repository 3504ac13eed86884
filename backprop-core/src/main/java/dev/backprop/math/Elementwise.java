package dev.backprop.math;

/**
 * Elementwise float32 operations of the activations, each in one pass over a block of cases:
 * z ← z + b (bias of each unit), a ← σ(z); and δ ← ∂E/∂a ⊙ σ'(z). With the Vector API present they
 * run on SIMD lanes, otherwise in scalar loops; <b>both give the same bits</b>: the vector code
 * performs exactly the scalar code's operations (including its own exponential, {@link #exp}, made
 * of fused multiply-adds), so results never depend on which path ran.
 *
 * <p>Blocks hold {@code cases} columns of {@code units} values, each column contiguous.
 */
public final class Elementwise {
    /** Whether the SIMD versions are used (Vector API present and not switched off). */
    static final boolean VECTOR = KernelChoice.VECTOR_API
            && !"scalar".equals(System.getProperty("backprop.kernels", ""));

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
    public static final float FLUSH = 0x1p-60f;

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
     * @return σ(z) = 1 / (1 + e^(−z)) with {@link #exp}, flushed to 0 below {@link #FLUSH}
     */
    public static float sigmoid(float z) {
        float a = 1f / (1f + exp(-z));
        return a < FLUSH ? 0f : a;
    }

    /**
     * @param v a value
     * @return v, or 0 if |v| &lt; {@link #FLUSH}
     */
    public static float flush(float v) {
        return Math.abs(v) < FLUSH ? 0f : v;
    }

    /**
     * Fused bias and sigmoid: z ← z + b_d, a ← σ(z).
     *
     * @param z weighted inputs without bias (units × cases), updated
     * @param b biases
     * @param bOff offset of b
     * @param a activations, written
     * @param off offset of the block in z and a
     * @param units units
     * @param cases cases
     */
    public static void sigmoidBias(float[] z, float[] b, int bOff, float[] a, int off, int units, int cases) {
        if (VECTOR) {
            VectorElementwise.sigmoidBias(z, b, bOff, a, off, units, cases);
            return;
        }
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            for (int d = 0; d < units; d++) {
                float v = z[base + d] + b[bOff + d];
                z[base + d] = v;
                a[base + d] = sigmoid(v);
            }
        }
    }

    /**
     * δ ← ∂E/∂a ⊙ a(1 − a), the sigmoid's derivative from its output, flushed to 0 below
     * {@link #FLUSH}.
     *
     * @param a activations
     * @param dEda ∂E/∂a
     * @param delta written
     * @param off offset
     * @param n number of values
     */
    public static void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        if (VECTOR) {
            VectorElementwise.sigmoidBackward(a, dEda, delta, off, n);
            return;
        }
        for (int i = off, end = off + n; i < end; i++) {
            delta[i] = flush(dEda[i] * (a[i] * (1f - a[i])));
        }
    }

    /**
     * Fused bias and ReLU (leaky with {@code slope} ≠ 0, identity with {@code slope} = 1):
     * z ← z + b_d, a ← z &gt; 0 ? z : slope · z (exactly +0 when slope is 0).
     *
     * @param z weighted inputs without bias, updated
     * @param b biases
     * @param bOff offset of b
     * @param a activations, written
     * @param off offset of the block
     * @param units units
     * @param cases cases
     * @param slope slope for z ≤ 0
     */
    public static void reluBias(float[] z, float[] b, int bOff, float[] a, int off, int units, int cases,
                                float slope) {
        if (VECTOR) {
            VectorElementwise.reluBias(z, b, bOff, a, off, units, cases, slope);
            return;
        }
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            for (int d = 0; d < units; d++) {
                float v = z[base + d] + b[bOff + d];
                z[base + d] = v;
                a[base + d] = v > 0f ? v : slope == 0f ? 0f : slope * v;
            }
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
        if (VECTOR) {
            VectorElementwise.reluBackward(z, dEda, delta, off, n, slope);
            return;
        }
        for (int i = off, end = off + n; i < end; i++) {
            delta[i] = z[i] > 0f ? dEda[i] : slope == 0f ? 0f : slope * dEda[i];
        }
    }

    /**
     * Adds the bias of each unit: z ← z + b_d.
     *
     * @param z the block, updated
     * @param b biases
     * @param bOff offset of b
     * @param off offset of the block
     * @param units units
     * @param cases cases
     */
    public static void addBias(float[] z, float[] b, int bOff, int off, int units, int cases) {
        if (VECTOR) {
            VectorElementwise.addBias(z, b, bOff, off, units, cases);
            return;
        }
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            for (int d = 0; d < units; d++) {
                z[base + d] += b[bOff + d];
            }
        }
    }
}
