package dev.backprop.optim;

/** RMSProp (Tieleman &amp; Hinton 2012): s = ρ s + (1 − ρ) g², w −= η g / (√s + ε). */
public final class RmsProp extends BaseOptimizer {
    private final float rho;
    private final float epsilon;
    private float[] meanSquare;

    /**
     * @param eta the learning rate η &gt; 0 (0.001 is common)
     */
    public RmsProp(float eta) {
        this(eta, 0.9f, 1e-8f, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param rho decay of the running mean square, in [0, 1)
     * @param epsilon added to the denominator, &gt; 0
     * @param weightDecay L2 weight decay λ ≥ 0
     */
    public RmsProp(float eta, float rho, float epsilon, float weightDecay) {
        super(eta, weightDecay);
        this.rho = checkRange("rho", rho, 0f, 1f);
        this.epsilon = checkRange("epsilon", epsilon, Float.MIN_VALUE, 1f);
    }

    @Override
    protected void allocate(int size) {
        meanSquare = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        float keep = 1f - rho;
        for (int j = from; j < to; j++) {
            float gj = scale * g[j];
            meanSquare[j] = rho * meanSquare[j] + keep * gj * gj;
            w[j] -= eta * gj / ((float) Math.sqrt(meanSquare[j]) + epsilon);
        }
    }

    @Override
    public float[][] state() {
        return new float[][] {meanSquare};
    }

    @Override
    public RmsProp fresh() {
        return new RmsProp(learningRate(), rho, epsilon, weightDecay());
    }

    @Override
    public String describe() {
        return "rmsprop(eta=" + learningRate() + ", rho=" + rho + ", epsilon=" + epsilon + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code RmsProp.builder().learningRate(0.01f).epsilon(1e-8f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds RMSProp from named settings; the checks and messages are the constructor's. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float rho = 0.9f;
        private float epsilon = 1e-8f;

        private Builder() {
            super("RmsProp");
        }

        /**
         * @param rho decay of the running mean square, in [0, 1) (default 0.9)
         * @return this builder
         */
        public Builder rho(float rho) {
            this.rho = rho;
            return this;
        }

        /**
         * @param epsilon added to the denominator, &gt; 0 (default 1e-8)
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
        public RmsProp build() {
            return new RmsProp(rate(), rho, epsilon, weightDecay);
        }
    }
}
