package dev.backprop.optim;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.ParameterLayout;

/**
 * Updates the flat parameter vector from the flat gradient ∂E/∂w, the seed's
 * w(t+1) = w(t) + Δw(t) with Δw(t) chosen by the method.
 *
 * <p>Every optimizer first forms g = scale · ∂E/∂w + λ w, where {@code scale} is 1 to step on the
 * seed's summed gradient or 1/B to step on the batch mean (Nielsen's η/m), and λ is the L2 weight
 * decay, applied to weights only, never to biases. Optimizers hold per-parameter state; one
 * instance serves one network in one run ({@link #fresh()} makes another for the next run).
 */
public interface Optimizer {

    /**
     * Allocates state for a network of this shape and clears it; called by the trainer before the
     * first step (a training step itself never allocates).
     *
     * @param layout the network's parameter layout
     */
    default void prepare(ParameterLayout layout) {
        prepare(layout, Kernels.scalar());
    }

    /**
     * As {@link #prepare(ParameterLayout)}, running the updates on the threads of {@code kernels}
     * (each parameter is updated by one thread, so the result does not depend on the count).
     *
     * @param layout the network's parameter layout
     * @param kernels supplies the threads
     */
    void prepare(ParameterLayout layout, Kernels kernels);

    /**
     * One update of all parameters.
     *
     * @param w the flat parameters, updated in place
     * @param dEdw the flat gradient ∂E/∂w (not changed)
     * @param scale multiplies the gradient: 1 for the summed gradient, 1/B for the batch mean
     * @param eta the learning rate for this step, &gt; 0
     */
    void step(float[] w, float[] dEdw, float scale, float eta);

    /**
     * Whether this method can take its step for a batch of one case inside the backward pass
     * ({@link #backwardAndStep}): true for plain gradient descent without weight decay, whose
     * step needs nothing but each layer's gradient as soon as it is known.
     *
     * @return true if {@link #backwardAndStep} may be called
     */
    default boolean fusesOnlineStep() {
        return false;
    }

    /**
     * The backward pass and this method's step in one, for the single case that {@code pass} has
     * loaded and run forward; counts as one step. The bits equal those of
     * {@link Backpropagation#backward} followed by {@link #step} with scale 1.
     *
     * @param pass holds the case's forward pass; its network's parameters are updated in place
     * @param loss the error function E
     * @param eta the learning rate for this step, &gt; 0
     * @return E for the case; if it is NaN or infinite, the parameters are not changed
     * @throws UnsupportedOperationException if {@link #fusesOnlineStep()} is false
     */
    default double backwardAndStep(Backpropagation pass, Loss loss, float eta) {
        throw new UnsupportedOperationException(describe() + " does not fuse its step into the backward pass");
    }

    /**
     * A new optimizer with the same settings and no state, not yet prepared: what a training
     * configuration built from this optimizer gives each run, so that runs never share state.
     *
     * @return the new optimizer
     * @throws UnsupportedOperationException if this optimizer cannot make one (then give the
     *         training configuration a factory instead)
     */
    default Optimizer fresh() {
        throw new UnsupportedOperationException(describe() + " cannot make a fresh copy of itself; give "
                + "TrainingConfig.builder a Supplier<Optimizer> that makes a new one for each run");
    }

    /** @return the base learning rate η given at construction */
    float learningRate();

    /** @return the L2 weight decay λ (0 for none) */
    float weightDecay();

    /** @return a description with the settings, for logs and model files */
    String describe();

    /**
     * The per-parameter state arrays (live), for checkpoints; empty for plain gradient descent.
     *
     * @return the state
     */
    float[][] state();

    /** @return the number of steps taken since {@link #prepare} */
    long steps();

    /**
     * Restores the step count (with {@link #state()} restored by the caller), for checkpoints.
     *
     * @param steps the count
     */
    void setSteps(long steps);
}
