package dev.backprop.nn;

import java.util.Locale;

/**
 * An error function E of the output activations a^L and the desired outputs y, summed over the
 * cases as the seed's E = ½ Σ_c Σ_d (a_d^L − y_d)² is: E = Σ_c E_c. The gradient that
 * backpropagation computes is therefore the sum of the per-case gradients; training can step on
 * the batch mean instead (see {@code TrainingConfig.averageGradient}).
 *
 * <h2>Conventions, and how they relate to PyTorch and Keras</h2>
 * Every loss here reduces over the cases of a batch by a <em>sum</em>; within a case, each loss
 * has its own reduction over the n output units, given below. For a batch of B cases with n
 * output units, each E is a fixed multiple of the other libraries' losses on the same outputs
 * (the same factor relates their gradients, as the relation is linear):
 * <table>
 *   <caption>E here against PyTorch's {@code torch.nn} and Keras' {@code keras.losses} (default arguments
 *   unless stated)</caption>
 *   <tr><th>loss (model-file name)</th><th>E over a batch</th><th>PyTorch</th><th>Keras</th></tr>
 *   <tr><td>{@code squared_error}</td><td>½ Σ_c Σ_d (a_d − y_d)²</td>
 *       <td>½ × {@code MSELoss(reduction='sum')}; B·n/2 × {@code MSELoss()}</td>
 *       <td>B·n/2 × {@code MeanSquaredError()}</td></tr>
 *   <tr><td>{@code mean_squared_error}</td><td>Σ_c (1/n) Σ_d (a_d − y_d)²</td>
 *       <td>1/n × {@code MSELoss(reduction='sum')}; B × {@code MSELoss()}</td>
 *       <td>B × {@code MeanSquaredError()}</td></tr>
 *   <tr><td>{@code softmax_cross_entropy}</td><td>−Σ_c Σ_d y_d log softmax(z)_d</td>
 *       <td>1 × {@code CrossEntropyLoss(reduction='sum')} on z^L; B × {@code CrossEntropyLoss()}</td>
 *       <td>B × {@code CategoricalCrossentropy(from_logits=True)} on z^L</td></tr>
 *   <tr><td>{@code binary_cross_entropy}</td><td>−Σ_c Σ_d [y_d log a_d + (1 − y_d) log(1 − a_d)]</td>
 *       <td>1 × {@code BCELoss(reduction='sum')} on a^L; B·n × {@code BCELoss()}</td>
 *       <td>B·n × {@code BinaryCrossentropy()}</td></tr>
 * </table>
 * PyTorch's default reduction {@code 'mean'} divides by the number of elements (B·n) for
 * {@code MSELoss} and {@code BCELoss} but by B for {@code CrossEntropyLoss}; Keras' default
 * reduction takes the mean over the units of a case, except for the categorical cross-entropy,
 * which sums them, and then the mean over the B cases. {@code BCEWithLogitsLoss} on z^L equals
 * {@code BCELoss} on a^L. Keras' losses on probabilities ({@code from_logits=False}) clip them to
 * [10⁻⁷, 1 − 10⁻⁷] and PyTorch's {@code BCELoss} clamps each log at −100, so they agree with E
 * only while no output comes that close to 0 or 1; E here is computed from z^L and never clips.
 * With {@code averageGradient(true)} training steps on E / B, so {@code mean_squared_error}
 * then steps on exactly the gradient of PyTorch's {@code MSELoss()}, and
 * {@code softmax_cross_entropy} on that of {@code CrossEntropyLoss()}.
 *
 * <p>Blocks of cases are stored as in {@link Activation}: unit d of case c at
 * {@code off + c * units + d}.
 */
public sealed interface Loss
        permits Loss.SquaredError, Loss.MeanSquaredError, Loss.SoftmaxCrossEntropy, Loss.BinaryCrossEntropy {

    /**
     * The name used in model files and on the command line.
     *
     * @return the name
     */
    String name();

    /**
     * Σ_c E_c over a block of cases, accumulated in double precision in case order.
     *
     * @param z output weighted inputs z^L (used by the numerically stable cross-entropies)
     * @param a output activations a^L
     * @param y desired outputs
     * @param off offset of the block in all arrays
     * @param units output units
     * @param cases cases in the block
     * @return the summed error
     */
    double value(float[] z, float[] a, float[] y, int off, int units, int cases);

    /**
     * ∂E/∂a^L for a block of cases.
     *
     * @param a output activations a^L
     * @param y desired outputs
     * @param dEda written
     * @param off offset of the block in all arrays
     * @param units output units
     * @param cases cases in the block
     */
    void gradient(float[] a, float[] y, float[] dEda, int off, int units, int cases);

    /**
     * Whether this loss computes δ^L = ∂E/∂z^L itself in closed form for the given output
     * activation (softmax + cross-entropy, sigmoid + binary cross-entropy), which is exact and
     * avoids dividing by activations near 0.
     *
     * @param output the output layer's activation
     * @return true if {@link #outputDelta} must be used
     */
    default boolean fusedWith(Activation output) {
        return false;
    }

    /**
     * The fused δ^L = ∂E/∂z^L; only called when {@link #fusedWith} is true.
     *
     * @param a output activations a^L
     * @param y desired outputs
     * @param delta written
     * @param off offset of the block
     * @param units output units
     * @param cases cases in the block
     */
    default void outputDelta(float[] a, float[] y, float[] delta, int off, int units, int cases) {
        throw new IllegalStateException(name() + " is not fused with an activation");
    }

    /**
     * Refuses an output activation that this loss is not defined for.
     *
     * @param output the output layer's activation
     * @throws IllegalArgumentException naming both
     */
    default void checkOutput(Activation output) {
    }

    /**
     * The seed's total squared error: the sum of squares over cases and units, halved.
     *
     * @return E = ½ Σ_c Σ_d (a_d − y_d)², with ∂E/∂a_d = a_d − y_d; ½ × PyTorch's
     *         {@code MSELoss(reduction='sum')}, B·n/2 × {@code MSELoss()} and Keras'
     *         {@code MeanSquaredError()} (B cases, n units)
     */
    static Loss squaredError() {
        return SquaredError.INSTANCE;
    }

    /**
     * The mean over a case's units of the squared error, summed over the cases (no ½): neither the
     * seed's E nor PyTorch's {@code MSELoss()}, which also takes the mean over the cases.
     *
     * @return E = Σ_c (1/n) Σ_d (a_d − y_d)², with ∂E/∂a_d = 2 (a_d − y_d) / n; B × PyTorch's
     *         {@code MSELoss()} and Keras' {@code MeanSquaredError()}, 1/n × {@code MSELoss(reduction='sum')}
     */
    static Loss meanSquaredError() {
        return MeanSquaredError.INSTANCE;
    }

    /**
     * Cross-entropy on a softmax output, summed over the cases; computed from z^L, fused and stable.
     *
     * @return E = −Σ_c Σ_d y_d log a_d with a = softmax(z); PyTorch's
     *         {@code CrossEntropyLoss(reduction='sum')} on z, B × {@code CrossEntropyLoss()} and
     *         Keras' {@code CategoricalCrossentropy(from_logits=True)}
     */
    static Loss softmaxCrossEntropy() {
        return SoftmaxCrossEntropy.INSTANCE;
    }

    /**
     * Binary cross-entropy on sigmoid outputs, summed over the cases and over the units.
     *
     * @return E = −Σ_c Σ_d [y_d log a_d + (1 − y_d) log(1 − a_d)]; PyTorch's
     *         {@code BCELoss(reduction='sum')}, B·n × {@code BCELoss()} and Keras'
     *         {@code BinaryCrossentropy()}
     */
    static Loss binaryCrossEntropy() {
        return BinaryCrossEntropy.INSTANCE;
    }

    /**
     * Reads a name written by {@link #name()} (or a common alias: {@code sse}, {@code mse},
     * {@code cross_entropy}, {@code bce}).
     *
     * @param name the name
     * @return the loss
     * @throws IllegalArgumentException naming the text and the accepted names
     */
    static Loss parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "squared_error": case "sse": return squaredError();
            case "mean_squared_error": case "mse": return meanSquaredError();
            case "softmax_cross_entropy": case "cross_entropy": case "ce": return softmaxCrossEntropy();
            case "binary_cross_entropy": case "bce": return binaryCrossEntropy();
            default:
                throw new IllegalArgumentException("unknown loss '" + name
                        + "'; expected one of squared_error, mean_squared_error, softmax_cross_entropy, binary_cross_entropy");
        }
    }

    /** The seed's E = ½ Σ_c Σ_d (a_d^L − y_d)², with ∂E/∂a_d^L = a_d^L − y_d. */
    record SquaredError() implements Loss {
        static final SquaredError INSTANCE = new SquaredError();

        @Override
        public String name() {
            return "squared_error";
        }

        @Override
        public double value(float[] z, float[] a, float[] y, int off, int units, int cases) {
            double e = 0.0;
            for (int i = off, end = off + units * cases; i < end; i++) {
                double r = (double) a[i] - y[i];
                e += r * r;
            }
            return 0.5 * e;
        }

        @Override
        public void gradient(float[] a, float[] y, float[] dEda, int off, int units, int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                dEda[i] = a[i] - y[i];
            }
        }
    }

    /** E_c = (1/n) Σ_d (a_d − y_d)², with ∂E/∂a_d = 2 (a_d − y_d) / n. */
    record MeanSquaredError() implements Loss {
        static final MeanSquaredError INSTANCE = new MeanSquaredError();

        @Override
        public String name() {
            return "mean_squared_error";
        }

        @Override
        public double value(float[] z, float[] a, float[] y, int off, int units, int cases) {
            double e = 0.0;
            for (int i = off, end = off + units * cases; i < end; i++) {
                double r = (double) a[i] - y[i];
                e += r * r;
            }
            return e / units;
        }

        @Override
        public void gradient(float[] a, float[] y, float[] dEda, int off, int units, int cases) {
            float scale = 2f / units;
            for (int i = off, end = off + units * cases; i < end; i++) {
                dEda[i] = scale * (a[i] - y[i]);
            }
        }
    }

    /**
     * E_c = −Σ_d y_d log a_d with a = softmax(z), computed as −Σ_d y_d (z_d − log Σ_k e^(z_k)) so
     * that it never takes the log of 0. Fused: δ_d = ∂E/∂z_d = a_d Σ_k y_k − y_d (= a_d − y_d for
     * targets that sum to 1).
     */
    record SoftmaxCrossEntropy() implements Loss {
        static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy();

        @Override
        public String name() {
            return "softmax_cross_entropy";
        }

        @Override
        public double value(float[] z, float[] a, float[] y, int off, int units, int cases) {
            double e = 0.0;
            for (int c = 0; c < cases; c++) {
                int base = off + c * units;
                double max = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < units; d++) {
                    max = Math.max(max, z[base + d]);
                }
                double sum = 0.0;
                for (int d = 0; d < units; d++) {
                    sum += StrictMath.exp(z[base + d] - max);
                }
                double logSum = max + StrictMath.log(sum);
                for (int d = 0; d < units; d++) {
                    if (y[base + d] != 0f) {
                        e -= y[base + d] * (z[base + d] - logSum);
                    }
                }
            }
            return e;
        }

        @Override
        public void gradient(float[] a, float[] y, float[] dEda, int off, int units, int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                dEda[i] = y[i] == 0f ? 0f : -y[i] / a[i];
            }
        }

        @Override
        public boolean fusedWith(Activation output) {
            return output instanceof Activation.Softmax;
        }

        @Override
        public void outputDelta(float[] a, float[] y, float[] delta, int off, int units, int cases) {
            for (int c = 0; c < cases; c++) {
                int base = off + c * units;
                float ySum = 0f;
                for (int d = 0; d < units; d++) {
                    ySum += y[base + d];
                }
                for (int d = 0; d < units; d++) {
                    delta[base + d] = a[base + d] * ySum - y[base + d];
                }
            }
        }

        @Override
        public void checkOutput(Activation output) {
            if (!fusedWith(output)) {
                throw new IllegalArgumentException("loss softmax_cross_entropy needs a softmax output layer, got "
                        + output.name());
            }
        }
    }

    /**
     * E_c = −Σ_d [y_d log a_d + (1 − y_d) log(1 − a_d)] with a = σ(z), computed as
     * Σ_d [max(z_d, 0) − z_d y_d + log(1 + e^(−|z_d|))]. Fused: δ_d = a_d − y_d.
     */
    record BinaryCrossEntropy() implements Loss {
        static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();

        @Override
        public String name() {
            return "binary_cross_entropy";
        }

        @Override
        public double value(float[] z, float[] a, float[] y, int off, int units, int cases) {
            double e = 0.0;
            for (int i = off, end = off + units * cases; i < end; i++) {
                double zi = z[i];
                e += Math.max(zi, 0.0) - zi * y[i] + StrictMath.log1p(StrictMath.exp(-Math.abs(zi)));
            }
            return e;
        }

        @Override
        public void gradient(float[] a, float[] y, float[] dEda, int off, int units, int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                dEda[i] = (a[i] - y[i]) / (a[i] * (1f - a[i]));
            }
        }

        @Override
        public boolean fusedWith(Activation output) {
            return output instanceof Activation.Sigmoid;
        }

        @Override
        public void outputDelta(float[] a, float[] y, float[] delta, int off, int units, int cases) {
            for (int i = off, end = off + units * cases; i < end; i++) {
                delta[i] = a[i] - y[i];
            }
        }

        @Override
        public void checkOutput(Activation output) {
            if (!fusedWith(output)) {
                throw new IllegalArgumentException("loss binary_cross_entropy needs a sigmoid output layer, got "
                        + output.name());
            }
        }
    }
}
