package dev.backprop.optim;

/**
 * Gradient descent with momentum, in one of two {@linkplain Form forms}:
 * <ul>
 * <li>{@link Form#RHW}, as Rumelhart, Hinton &amp; Williams (1986) wrote it and the default:
 *     Δw(t) = −η(t) g(t) + α Δw(t−1), w(t+1) = w(t) + Δw(t); the state is the last step Δw.</li>
 * <li>{@link Form#PYTORCH}, as PyTorch's {@code torch.optim.SGD(momentum=μ, dampening=0)}:
 *     v(t) = μ v(t−1) + g(t), w(t+1) = w(t) − η(t) v(t); the state is the velocity v.</li>
 * </ul>
 * With α = μ and a fixed η the two are the same method, Δw(t) = −η v(t), and differ only by
 * float rounding. Under a learning-rate schedule they differ: RHW's Δw carries each past gradient
 * scaled by the rate of its own step, while PyTorch's v carries raw gradients that the current
 * rate scales, so a rate drop slows past momentum at once in PyTorch's form and only as it decays
 * in RHW's. Use {@link Form#PYTORCH} to replay a PyTorch run with a schedule.
 */
public final class Momentum extends BaseOptimizer {
    /** Which momentum update to apply. */
    public enum Form {
        /** Rumelhart, Hinton &amp; Williams: Δw = −η g + α Δw, w += Δw. */
        RHW,
        /** PyTorch's SGD with momentum and no dampening: v = μ v + g, w −= η v. */
        PYTORCH
    }

    private final float alpha;
    private final Form form;
    /** Δw for {@link Form#RHW}, v for {@link Form#PYTORCH}. */
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
        this(eta, alpha, weightDecay, Form.RHW);
    }

    /**
     * @param eta the learning rate η &gt; 0
     * @param alpha the momentum (α of RHW, μ of PyTorch) in [0, 1)
     * @param weightDecay L2 weight decay λ ≥ 0 (added to the gradient in both forms)
     * @param form which update
     */
    public Momentum(float eta, float alpha, float weightDecay, Form form) {
        super(eta, weightDecay);
        this.alpha = checkRange("momentum", alpha, 0f, 1f);
        this.form = java.util.Objects.requireNonNull(form, "form");
    }

    /**
     * Rumelhart, Hinton &amp; Williams' momentum, as {@link #Momentum(float, float)}.
     *
     * @param eta the learning rate η &gt; 0
     * @param alpha the momentum α in [0, 1)
     * @return the optimizer
     */
    public static Momentum rhw(float eta, float alpha) {
        return new Momentum(eta, alpha, 0f, Form.RHW);
    }

    /**
     * PyTorch's {@code torch.optim.SGD(lr=eta, momentum=mu, dampening=0, nesterov=False)}.
     *
     * @param eta the learning rate η &gt; 0
     * @param mu the momentum μ in [0, 1)
     * @return the optimizer
     */
    public static Momentum pytorch(float eta, float mu) {
        return new Momentum(eta, mu, 0f, Form.PYTORCH);
    }

    /** @return the form of the update */
    public Form form() {
        return form;
    }

    @Override
    protected void allocate(int size) {
        dw = new float[size];
    }

    @Override
    protected void update(float[] w, float[] g, float scale, float eta, long t, int from, int to) {
        if (form == Form.PYTORCH) {
            for (int j = from; j < to; j++) {
                dw[j] = alpha * dw[j] + scale * g[j];
                w[j] -= eta * dw[j];
            }
            return;
        }
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
        return new Momentum(learningRate(), alpha, weightDecay(), form);
    }

    @Override
    public String describe() {
        if (form == Form.PYTORCH) {
            return "momentum(eta=" + learningRate() + ", mu=" + alpha + ", form=pytorch" + decaySuffix() + ")";
        }
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
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float alpha = 0.9f;
        private Form form = Form.RHW;

        private Builder() {
            super("Momentum");
        }

        /**
         * @param alpha the momentum in [0, 1), α of RHW or μ of PyTorch (default 0.9)
         * @return this builder
         */
        public Builder alpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * @param form which update (default {@link Form#RHW})
         * @return this builder
         */
        public Builder form(Form form) {
            this.form = form;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalStateException if no learning rate was given
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Momentum build() {
            return new Momentum(rate(), alpha, weightDecay, form);
        }
    }
}
