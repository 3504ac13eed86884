package dev.backprop.optim;

/**
 * Gradient descent with momentum as Rumelhart, Hinton &amp; Williams (1986) wrote it:
 * Δw(t) = −η ∂E/∂w(t) + α Δw(t−1), w(t+1) = w(t) + Δw(t).
 */
public final class Momentum extends BaseOptimizer {
    private final float alpha;
    private float[] dw;

    /**
     * @param eta the learning rate η &gt; 0
     * @param alpha the momentum α in [0, 1)
     */
    public Momentum(float eta, float alpha) {
        this(eta, alpha, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param alpha the momentum α in [0, 1)
     * @param weightDecay L2 weight decay λ ≥ 0
     */
    public Momentum(float eta, float alpha, float weightDecay) {
        super(eta, weightDecay);
        this.alpha = checkRange("momentum", alpha, 0f, 1f);
    }

    @Override
    protected void allocate(int size) {
        dw = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        float step = -eta * scale;
        for (int j = from; j < to; j++) {
            dw[j] = step * g[j] + alpha * dw[j];
            w[j] += dw[j];
        }
    }

    @Override
    public float[][] state() {
        return new float[][] {dw};
    }

    @Override
    public Momentum fresh() {
        return new Momentum(learningRate(), alpha, weightDecay());
    }

    @Override
    public String describe() {
        return "momentum(eta=" + learningRate() + ", alpha=" + alpha + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code Momentum.builder().learningRate(0.01f).alpha(0.9f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds momentum from named settings; the checks and messages are the constructor's. */
    public static final class Builder {
        private float eta;
        private boolean rateGiven;
        private float alpha = 0.9f;
        private float weightDecay;

        private Builder() {
        }

        /**
         * @param eta the learning rate η &gt; 0 (required)
         * @return this builder
         */
        public Builder learningRate(float eta) {
            this.eta = eta;
            this.rateGiven = true;
            return this;
        }

        /**
         * @param alpha the momentum α in [0, 1) (default 0.9)
         * @return this builder
         */
        public Builder alpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * @param weightDecay L2 weight decay λ ≥ 0 (default 0)
         * @return this builder
         */
        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalStateException if no learning rate was given
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Momentum build() {
            if (!rateGiven) {
                throw new IllegalStateException("Momentum.builder(): no learning rate; call learningRate(eta)");
            }
            return new Momentum(eta, alpha, weightDecay);
        }
    }
}
