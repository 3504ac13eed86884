package dev.backprop.optim;

import dev.backprop.math.Kernels;
import dev.backprop.nn.ParameterLayout;

/**
 * What all optimizers share: the checks on η and λ, the effective gradient
 * g = scale · ∂E/∂w + λ w (weights only), and the step count.
 */
public abstract class BaseOptimizer implements Optimizer {
    private final float eta;
    private final float weightDecay;
    private ParameterLayout layout;
    private float[] g;
    private long steps;
    private Kernels kernels = Kernels.scalar();
    private final Update update = new Update();

    /**
     * @param eta the learning rate η, finite and &gt; 0
     * @param weightDecay the L2 weight decay λ, finite and ≥ 0
     */
    protected BaseOptimizer(float eta, float weightDecay) {
        this.eta = checkRate(eta);
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    /**
     * @param eta a learning rate
     * @return eta, if finite and &gt; 0
     * @throws IllegalArgumentException otherwise
     */
    public static float checkRate(float eta) {
        if (!(eta > 0f) || Float.isInfinite(eta)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + eta);
        }
        return eta;
    }

    /**
     * Checks a hyperparameter that must lie in [lo, hi).
     *
     * @param name its name, for the message
     * @param v the value
     * @param lo inclusive lower bound
     * @param hi exclusive upper bound
     * @return v
     */
    protected static float checkRange(String name, float v, float lo, float hi) {
        if (!(v >= lo && v < hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "), got " + v);
        }
        return v;
    }

    @Override
    public final void prepare(ParameterLayout layout, Kernels kernels) {
        this.layout = layout;
        this.kernels = kernels;
        this.g = new float[layout.size()];
        this.steps = 0;
        allocate(layout.size());
    }

    /**
     * Allocates (and zeroes) the optimizer's state.
     *
     * @param size number of parameters
     */
    protected abstract void allocate(int size);

    @Override
    public final void step(float[] w, float[] dEdw, float scale, float eta) {
        checkRate(eta);
        if (g == null || g.length != w.length || dEdw.length != w.length) {
            throw new IllegalStateException("optimizer prepared for " + (g == null ? "no network" : g.length
                    + " parameters") + ", stepped with " + w.length + " parameters and " + dEdw.length + " gradients");
        }
        steps++;
        if (weightDecay == 0f) {
            update.run(w, dEdw, scale, eta, steps);
        } else {
            for (int j = 0; j < g.length; j++) {
                g[j] = scale * dEdw[j];
            }
            for (int i = 0; i < layout.layers(); i++) {
                int from = layout.weightOffset(i);
                int to = layout.biasOffset(i);
                for (int j = from; j < to; j++) {
                    g[j] += weightDecay * w[j];
                }
            }
            update.run(w, g, 1f, eta, steps);
        }
    }

    /**
     * Counts a step that the optimizer took by other means than {@link #step}, such as one fused
     * into the backward pass.
     */
    protected final void countStep() {
        steps++;
    }

    /**
     * One step's {@link #update} over ranges of the parameters, on the kernels' threads. The
     * kernels take a task of two ints, so the step's arguments are held here for the length of
     * one {@link #run}; one instance serves every step, so a step allocates nothing.
     */
    private final class Update implements Kernels.Range {
        private float[] w;
        private float[] g;
        private float scale;
        private float eta;
        private long t;

        void run(float[] w, float[] g, float scale, float eta, long t) {
            this.w = w;
            this.g = g;
            this.scale = scale;
            this.eta = eta;
            this.t = t;
            try {
                kernels.forRange(w.length, this);
            } finally {
                this.w = null;
                this.g = null;
            }
        }

        @Override
        public void run(int from, int to) {
            update(w, g, scale, eta, t, from, to);
        }
    }

    /**
     * Applies the method's update to parameters [from, to) with the effective gradient
     * {@code scale · g} (weight decay, if any, already in g and scale 1). Called once per step,
     * or once per thread on disjoint ranges.
     *
     * @param w parameters, updated in place
     * @param g the gradient
     * @param scale multiplies g (1/B for the batch mean)
     * @param eta the learning rate
     * @param t the step number, from 1
     * @param from first parameter
     * @param to end, exclusive
     */
    protected abstract void update(float[] w, float[] g, float scale, float eta, long t, int from, int to);

    @Override
    public float learningRate() {
        return eta;
    }

    @Override
    public float weightDecay() {
        return weightDecay;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void setSteps(long steps) {
        this.steps = steps;
    }

    @Override
    public float[][] state() {
        return new float[0][];
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * @return ", weight_decay=λ" when λ ≠ 0, else empty
     */
    protected String decaySuffix() {
        return weightDecay == 0f ? "" : ", weight_decay=" + weightDecay;
    }
}
