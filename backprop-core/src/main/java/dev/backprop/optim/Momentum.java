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
}
