package dev.backprop.nn;

import dev.backprop.math.Kernels;

import java.util.Locale;

/**
 * An activation function a = σ(z), applied to a layer's weighted inputs, and its derivative
 * ∂a/∂z used in δ^l = ∂E/∂a^l ⊙ σ'(z^l).
 *
 * <p>The float32 methods work on a block of cases stored case after case: element (d, c), unit d
 * of case c, is at {@code off + c * units + d}, so a block is the seed's (units × cases) matrix with
 * one column per case, each column contiguous. They run on the {@link Kernels} the caller gives,
 * so that the same instance decides SIMD for the products and for these passes; the sigmoid and
 * the (leaky) ReLU are kernels there, the others scalar code here.
 *
 * <p>Instances are immutable; create them with the static factories or {@link #parse(String)}.
 */
public sealed interface Activation
        permits Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu,
        Activation.Softmax, Activation.Identity {

    /**
     * The name used in model files and on the command line, for example {@code sigmoid} or
     * {@code leaky_relu(0.01)}; {@link #parse(String)} reads it back.
     *
     * @return the name
     */
    String name();

    /**
     * a = σ(z) for a block of cases. Shapes: z, a (units × cases).
     *
     * @param kernels the kernels that run the elementwise pass
     * @param z weighted inputs, z = W a + b
     * @param a activations, written
     * @param off offset of the block in both arrays
     * @param units units in the layer
     * @param cases cases in the block
     */
    void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases);

    /**
     * δ = ∂E/∂a ⊙ ∂a/∂z for a block of cases (for softmax, whose ∂a/∂z is not diagonal, the full
     * Jacobian-vector product δ_d = Σ_k ∂E/∂a_k ∂a_k/∂z_d). Shapes: all (units × cases).
     *
     * @param kernels the kernels that run the elementwise pass
     * @param z weighted inputs
     * @param a activations σ(z)
     * @param dEda ∂E/∂a
     * @param delta δ, written; may not alias {@code dEda} for softmax
     * @param off offset of the block in all arrays
     * @param units units in the layer
     * @param cases cases in the block
     */
    void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units, int cases);

    /** @return the logistic sigmoid σ(z) = 1 / (1 + e^(−z)), the seed's activation */
    static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    /** @return the hyperbolic tangent */
    static Activation tanh() {
        return Tanh.INSTANCE;
    }

    /** @return the rectified linear unit max(0, z); its derivative at 0 is taken as 0 */
    static Activation relu() {
        return Relu.INSTANCE;
    }

    /** @return leaky ReLU with slope 0.01 for z ≤ 0; see {@link #leakyRelu(double)} */
    static Activation leakyRelu() {
        return new LeakyRelu(0.01);
    }

    /**
     * Leaky ReLU with the given slope. The double reference ({@code ReferenceNetwork}) uses the
     * slope exactly as given; the float32 kernels use its nearest float, {@code (float) slope}
     * ({@link LeakyRelu#kernelSlope()}). Model files and checkpoints store the double (in the name,
     * {@code leaky_relu(SLOPE)}), so both read back what was given.
     *
     * @param slope the slope for z ≤ 0: finite, ≥ 0 and within the float32 range
     * @return leaky ReLU: z for z &gt; 0, slope·z otherwise
     * @throws IllegalArgumentException for a slope outside that range
     */
    static Activation leakyRelu(double slope) {
        return new LeakyRelu(slope);
    }

    /** @return softmax over the units of each case: a_d = e^(z_d) / Σ_k e^(z_k) */
    static Activation softmax() {
        return Softmax.INSTANCE;
    }

    /** @return the identity a = z, for regression outputs */
    static Activation identity() {
        return Identity.INSTANCE;
    }

    /**
     * Reads a name written by {@link #name()}: {@code sigmoid}, {@code tanh}, {@code relu},
     * {@code leaky_relu}, {@code leaky_relu(SLOPE)}, {@code softmax}, {@code identity} (or
     * {@code linear}); case does not matter.
     *
     * @param name the name
     * @return the activation
     * @throws IllegalArgumentException naming the text and the accepted names
     */
    static Activation parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (s) {
            case "sigmoid": case "logistic": return sigmoid();
            case "tanh": return tanh();
            case "relu": return relu();
            case "leaky_relu": case "leakyrelu": return leakyRelu();
            case "softmax": return softmax();
            case "identity": case "linear": return identity();
            default:
                if (s.startsWith("leaky_relu(") && s.endsWith(")")) {
                    // the slope from the text as given: the name's '-' → '_' must not touch 1.0E-4
                    String t = name.trim();
                    String v = t.substring(t.indexOf('(') + 1, t.length() - 1);
                    try {
                        return leakyRelu(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("activation '" + name
                                + "': slope '" + v + "' is not a number");
                    }
                }
                throw new IllegalArgumentException("unknown activation '" + name
                        + "'; expected one of sigmoid, tanh, relu, leaky_relu, leaky_relu(SLOPE), softmax, identity");
        }
    }

    /**
     * σ(z) = 1 / (1 + e^(−z)); σ'(z) = σ(z)(1 − σ(z)), by {@link Kernels#sigmoid} and
     * {@link Kernels#sigmoidBackward}, whose exponential gives the same bits on SIMD lanes and in
     * scalar code.
     */
    record Sigmoid() implements Activation {
        static final Sigmoid INSTANCE = new Sigmoid();

        @Override
        public String name() {
            return "sigmoid";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            kernels.sigmoid(z, a, off, units * cases);
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            kernels.sigmoidBackward(a, dEda, delta, off, units * cases);
        }
    }

    /** tanh(z), in double with {@link StrictMath} (the same bits on every JVM); tanh'(z) = 1 − tanh²(z). */
    record Tanh() implements Activation {
        static final Tanh INSTANCE = new Tanh();

        @Override
        public String name() {
            return "tanh";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                a[i] = (float) StrictMath.tanh(z[i]);
            }
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                delta[i] = dEda[i] * (1f - a[i] * a[i]);
            }
        }
    }

    /** max(0, z); derivative 1 for z &gt; 0, else 0 ({@link Kernels#relu} with slope 0). */
    record Relu() implements Activation {
        static final Relu INSTANCE = new Relu();

        @Override
        public String name() {
            return "relu";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            kernels.relu(z, a, off, units * cases, 0f);
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            kernels.reluBackward(z, dEda, delta, off, units * cases, 0f);
        }
    }

    /**
     * z for z &gt; 0, slope·z otherwise; derivative 1 or slope. The double reference uses
     * {@link #slope()}, the float32 kernels {@link #kernelSlope()}.
     *
     * @param slope the slope for z ≤ 0, as given
     */
    record LeakyRelu(double slope) implements Activation {
        /**
         * @param slope the slope for z ≤ 0: finite, ≥ 0 and within the float32 range
         */
        public LeakyRelu {
            if (!(slope >= 0) || Double.isInfinite(slope)) {
                throw new IllegalArgumentException("leaky ReLU slope must be finite and >= 0, got " + slope);
            }
            if (Float.isInfinite((float) slope)) {
                throw new IllegalArgumentException("leaky ReLU slope must be within the float32 range, got " + slope);
            }
        }

        /** @return the nearest float to the slope, {@code (float) slope()}: what the float32 kernels use */
        public float kernelSlope() {
            return (float) slope;
        }

        /** @return {@code leaky_relu(SLOPE)}, SLOPE the double's shortest decimal that reads back to it */
        @Override
        public String name() {
            return "leaky_relu(" + slope + ")";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            kernels.relu(z, a, off, units * cases, kernelSlope());
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            kernels.reluBackward(z, dEda, delta, off, units * cases, kernelSlope());
        }
    }

    /**
     * Softmax over the units of each case, computed stably as e^(z_d − max z) / Σ_k e^(z_k − max z)
     * in double precision with {@link StrictMath} (the same bits on every JVM), outputs below
     * 2^−60 flushed to 0 ({@link Kernels#flushToZero}).
     * Its Jacobian is ∂a_k/∂z_d = a_k (1[k = d] − a_d), so δ_d = a_d (∂E/∂a_d − Σ_k ∂E/∂a_k a_k).
     */
    record Softmax() implements Activation {
        static final Softmax INSTANCE = new Softmax();

        @Override
        public String name() {
            return "softmax";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            for (int c = 0; c < cases; c++) {
                int base = off + c * units;
                float max = Float.NEGATIVE_INFINITY;
                for (int d = 0; d < units; d++) {
                    max = Math.max(max, z[base + d]);
                }
                double sum = 0.0;
                for (int d = 0; d < units; d++) {
                    sum += StrictMath.exp((double) z[base + d] - max);
                }
                for (int d = 0; d < units; d++) {
                    a[base + d] = (float) (StrictMath.exp((double) z[base + d] - max) / sum);
                }
            }
            kernels.flushToZero(a, off, units * cases);
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            for (int c = 0; c < cases; c++) {
                int base = off + c * units;
                float dot = 0f;
                for (int k = 0; k < units; k++) {
                    dot += dEda[base + k] * a[base + k];
                }
                for (int d = 0; d < units; d++) {
                    delta[base + d] = a[base + d] * (dEda[base + d] - dot);
                }
            }
        }
    }

    /** a = z; derivative 1. */
    record Identity() implements Activation {
        static final Identity INSTANCE = new Identity();

        @Override
        public String name() {
            return "identity";
        }

        @Override
        public void forward(Kernels kernels, float[] z, float[] a, int off, int units, int cases) {
            System.arraycopy(z, off, a, off, units * cases);
        }

        @Override
        public void backward(Kernels kernels, float[] z, float[] a, float[] dEda, float[] delta, int off, int units,
                             int cases) {
            System.arraycopy(dEda, off, delta, off, units * cases);
        }
    }
}
