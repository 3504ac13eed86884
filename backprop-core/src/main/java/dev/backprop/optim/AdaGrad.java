package dev.backprop.optim;

/** AdaGrad (Duchi et al. 2011): G += g², w −= η g / (√G + ε). */
public final class AdaGrad extends BaseOptimizer {
    private final float epsilon;
    private float[] sumSquares;

    /**
     * @param eta the learning rate η &gt; 0 (0.01 is common)
     */
    public AdaGrad(float eta) {
        this(eta, 1e-10f, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param epsilon added to the denominator, &gt; 0
     * @param weightDecay L2 weight decay λ ≥ 0
     */
    public AdaGrad(float eta, float epsilon, float weightDecay) {
        super(eta, weightDecay);
        this.epsilon = checkRange("epsilon", epsilon, Float.MIN_VALUE, 1f);
    }

    @Override
    protected void allocate(int size) {
        sumSquares = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        for (int j = from; j < to; j++) {
            float gj = scale * g[j];
            sumSquares[j] += gj * gj;
            w[j] -= eta * gj / ((float) Math.sqrt(sumSquares[j]) + epsilon);
        }
    }

    @Override
    public float[][] state() {
        return new float[][] {sumSquares};
    }

    @Override
    public AdaGrad fresh() {
        return new AdaGrad(learningRate(), epsilon, weightDecay());
    }

    @Override
    public String describe() {
        return "adagrad(eta=" + learningRate() + ", epsilon=" + epsilon + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code AdaGrad.builder().learningRate(0.01f).epsilon(1e-10f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds AdaGrad from named settings; the checks and messages are the constructor's. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float epsilon = 1e-10f;

        private Builder() {
            super("AdaGrad");
        }

        /**
         * @param epsilon added to the denominator, &gt; 0 (default 1e-10)
         * @return this builder
         */
        public Builder epsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalStateException if no learning rate was given
         * @throws IllegalArgumentException if a setting is out of range
         */
        public AdaGrad build() {
            return new AdaGrad(rate(), epsilon, weightDecay);
        }
    }
}
