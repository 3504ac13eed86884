package dev.backprop.optim;

/**
 * Adam (Kingma &amp; Ba 2015): m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g²,
 * w −= η m̂ / (√v̂ + ε) with the bias corrections m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t).
 */
public final class Adam extends BaseOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float[] m;
    private float[] v;

    /**
     * @param eta the learning rate η &gt; 0 (0.001 is common)
     */
    public Adam(float eta) {
        this(eta, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the denominator, &gt; 0
     * @param weightDecay L2 weight decay λ ≥ 0 (added to the gradient, as in PyTorch's Adam)
     */
    public Adam(float eta, float beta1, float beta2, float epsilon, float weightDecay) {
        super(eta, weightDecay);
        this.beta1 = checkRange("beta1", beta1, 0f, 1f);
        this.beta2 = checkRange("beta2", beta2, 0f, 1f);
        this.epsilon = checkRange("epsilon", epsilon, Float.MIN_VALUE, 1f);
    }

    @Override
    protected void allocate(int size) {
        m = new float[size];
        v = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        float c1 = (float) (1.0 - power(beta1, t));
        float c2 = (float) (1.0 - power(beta2, t));
        float k1 = 1f - beta1;
        float k2 = 1f - beta2;
        for (int j = from; j < to; j++) {
            float gj = scale * g[j];
            m[j] = beta1 * m[j] + k1 * gj;
            v[j] = beta2 * v[j] + k2 * gj * gj;
            float mHat = m[j] / c1;
            float vHat = v[j] / c2;
            w[j] -= eta * mHat / ((float) Math.sqrt(vHat) + epsilon);
        }
    }

    /** β^t by repeated squaring: a fixed function of t, so a resumed run gets the same bits. */
    static double power(double beta, long t) {
        double result = 1;
        double base = beta;
        for (long e = t; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    @Override
    public float[][] state() {
        return new float[][] {m, v};
    }

    @Override
    public Adam fresh() {
        return new Adam(learningRate(), beta1, beta2, epsilon, weightDecay());
    }

    @Override
    public String describe() {
        return "adam(eta=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + decaySuffix() + ")";
    }

    /**
     * A builder that names every setting, for example {@code Adam.builder().learningRate(0.01f).epsilon(1e-8f).build()}; each setting left out
     * keeps the default of the shortest constructor, and the learning rate is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds Adam from named settings; the checks and messages are the constructor's. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        private Builder() {
            super("Adam");
        }

        /**
         * @param beta1 decay of the first moment, in [0, 1) (default 0.9)
         * @return this builder
         */
        public Builder beta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /**
         * @param beta2 decay of the second moment, in [0, 1) (default 0.999)
         * @return this builder
         */
        public Builder beta2(float beta2) {
            this.beta2 = beta2;
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
        public Adam build() {
            return new Adam(rate(), beta1, beta2, epsilon, weightDecay);
        }
    }
}
