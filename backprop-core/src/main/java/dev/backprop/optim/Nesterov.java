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
}
