package dev.backprop.optim;

/**
 * Nesterov accelerated gradient in the form that needs no look-ahead gradient (as PyTorch's SGD
 * with {@code nesterov=True}): v(t) = μ v(t−1) + g, w(t+1) = w(t) − η (g + μ v(t)).
 */
public final class Nesterov extends BaseOptimizer {
    private final float mu;
    private float[] v;

    /**
     * @param eta the learning rate η &gt; 0
     * @param mu the momentum μ in [0, 1)
     */
    public Nesterov(float eta, float mu) {
        this(eta, mu, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param mu the momentum μ in [0, 1)
     * @param weightDecay L2 weight decay λ ≥ 0
     */
    public Nesterov(float eta, float mu, float weightDecay) {
        super(eta, weightDecay);
        this.mu = checkRange("momentum", mu, 0f, 1f);
    }

    @Override
    protected void allocate(int size) {
        v = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        for (int j = from; j < to; j++) {
            float gj = scale * g[j];
            v[j] = mu * v[j] + gj;
            w[j] -= eta * (gj + mu * v[j]);
        }
    }

    @Override
    public float[][] state() {
        return new float[][] {v};
    }

    @Override
    public Nesterov fresh() {
        return new Nesterov(learningRate(), mu, weightDecay());
    }

    @Override
    public String describe() {
        return "nesterov(eta=" + learningRate() + ", mu=" + mu + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code Nesterov.builder().learningRate(0.01f).mu(0.9f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds Nesterov momentum from named settings; the checks and messages are the constructor's. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float mu = 0.9f;

        private Builder() {
            super("Nesterov");
        }

        /**
         * @param mu the momentum μ in [0, 1) (default 0.9)
         * @return this builder
         */
        public Builder mu(float mu) {
            this.mu = mu;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalStateException if no learning rate was given
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Nesterov build() {
            return new Nesterov(rate(), mu, weightDecay);
        }
    }
}
