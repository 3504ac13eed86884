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
}
