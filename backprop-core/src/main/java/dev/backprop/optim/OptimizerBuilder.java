package dev.backprop.optim;

/**
 * What every optimizer's builder shares: the learning rate η, which must be given, and the L2
 * weight decay λ (default 0). Each optimizer's own {@code Builder} extends it with its settings
 * (Adam's β₁, β₂ and ε, say) and checks them all through the optimizer's constructor.
 *
 * @param <B> the optimizer's builder, which each setter returns so that calls chain
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B>> {
    private final String name;
    private float eta;
    private boolean rateGiven;
    float weightDecay;

    /** @param name the optimizer's class name, for the message when no learning rate is given */
    OptimizerBuilder(String name) {
        this.name = name;
    }

    /**
     * @param eta the learning rate η &gt; 0 (required)
     * @return this builder
     */
    public B learningRate(float eta) {
        this.eta = eta;
        this.rateGiven = true;
        return self();
    }

    /**
     * @param weightDecay L2 weight decay λ ≥ 0 (default 0)
     * @return this builder
     */
    public B weightDecay(float weightDecay) {
        this.weightDecay = weightDecay;
        return self();
    }

    /** @return η, for {@code build()} */
    float rate() {
        if (!rateGiven) {
            throw new IllegalStateException(name + ".builder(): no learning rate; call learningRate(eta)");
        }
        return eta;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
