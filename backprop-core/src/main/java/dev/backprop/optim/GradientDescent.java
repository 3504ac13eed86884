package dev.backprop.optim;

import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;

/**
 * The seed's gradient descent: w(t+1) = w(t) − η ∂E/∂w. Full-batch, mini-batch and online
 * (batch size 1) training differ only in how many cases each step's ∂E/∂w sums.
 */
public final class GradientDescent extends BaseOptimizer {

    /**
     * @param eta the learning rate η &gt; 0
     */
    public GradientDescent(float eta) {
        this(eta, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param weightDecay L2 weight decay λ ≥ 0
     */
    public GradientDescent(float eta, float weightDecay) {
        super(eta, weightDecay);
    }

    @Override
    protected void allocate(int size) {
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        float step = eta * scale;            // Nielsen's η/m for the batch mean, η for the sum
        for (int j = from; j < to; j++) {
            w[j] -= step * g[j];
        }
    }

    /** @return true without weight decay: the step w − η ∂E/∂w can be applied layer by layer */
    @Override
    public boolean fusesOnlineStep() {
        return weightDecay() == 0f;
    }

    @Override
    public double backwardAndStep(Backpropagation pass, Loss loss, float eta) {
        if (!fusesOnlineStep()) {
            throw new UnsupportedOperationException(describe() + " has weight decay, which the fused step lacks");
        }
        double E = pass.backwardDescent(loss, eta);
        countStep();
        return E;
    }

    @Override
    public GradientDescent fresh() {
        return new GradientDescent(learningRate(), weightDecay());
    }

    @Override
    public String describe() {
        return "sgd(eta=" + learningRate() + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code GradientDescent.builder().learningRate(0.01f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds plain gradient descent from named settings; the checks and messages are the constructor's. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Builder() {
            super("GradientDescent");
        }

        /**
         * @return the optimizer
         * @throws IllegalStateException if no learning rate was given
         * @throws IllegalArgumentException if a setting is out of range
         */
        public GradientDescent build() {
            return new GradientDescent(rate(), weightDecay);
        }
    }
}
