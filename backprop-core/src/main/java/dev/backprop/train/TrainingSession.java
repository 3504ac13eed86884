package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;

/**
 * One training run, step by step. Either {@link #steps(int) steps(n)}, which takes n optimizer
 * steps and begins epochs as it needs them, or the loop by hand: {@link #beginEpoch()}, then
 * {@link #step()} until it returns false. Everything a step needs is allocated when the session
 * is created, so a step allocates nothing. {@link Trainer} drives sessions and adds validation,
 * early stopping, the history and checkpoints; a session on its own does only the steps.
 *
 * <pre>{@code
 * TrainingSession session = new Trainer(config).session(network, train);
 * double loss = session.steps(100);         // E per case over the 100 batches
 * }</pre>
 */
public final class TrainingSession {
    private final Network network;
    private final BatchGradients gradients;
    /** The gradients when they are this machine's own, else null: only they can fuse online steps. */
    private final LocalGradients local;
    private final int cases;
    private final TrainingConfig config;
    private final RunState state;
    private final float[] gradient;
    private final int batch;
    private final boolean classification;
    /** The batch's correct cases, counted by {@link BatchGradients#batch}: one array for every step. */
    private final int[] correct = new int[1];
    private final TrainingListener[] listeners;
    /** One case per step with an optimizer that fuses its step into the backward pass. */
    private final boolean fusedOnline;

    TrainingSession(Network network, Dataset data, TrainingConfig config) {
        this(network, local(network, data, config), config);
    }

    private static LocalGradients local(Network network, Dataset data, TrainingConfig config) {
        if (data.inputs() != network.inputSize()) {
            throw new IllegalArgumentException("data has " + data.inputs() + " inputs per case but network "
                    + network.layout() + " takes " + network.inputSize());
        }
        if (data.outputs() != network.outputSize()) {
            throw new IllegalArgumentException("data has " + data.outputs() + " targets per case but network "
                    + network.layout() + " has " + network.outputSize() + " outputs");
        }
        config.loss.checkOutput(network.outputActivation());
        return new LocalGradients(network, data, config);
    }

    TrainingSession(Network network, BatchGradients gradients, TrainingConfig config) {
        config.loss.checkOutput(network.outputActivation());
        this.network = network;
        this.gradients = gradients;
        this.local = gradients instanceof LocalGradients l ? l : null;
        this.cases = gradients.cases();
        this.config = config;
        this.batch = Math.min(config.batchSize, cases);
        this.gradient = new float[network.layout().size()];
        this.classification = gradients.classification();
        this.listeners = config.listeners.toArray(new TrainingListener[0]);
        Optimizer optimizer = config.newOptimizer();
        optimizer.prepare(network.layout(), config.kernels);
        this.fusedOnline = local != null && batch == 1 && optimizer.fusesOnlineStep();
        this.state = new RunState(optimizer, cases, config.seed, network.layout().size(), config.patience > 0);
    }

    /** Starts the next epoch: reshuffles (if configured) and sets its learning rate. */
    public void beginEpoch() {
        int epoch = state.epoch + 1;
        double rate = config.schedule.rate(state.optimizer.learningRate(), epoch);
        float eta = (float) rate;
        state.beginEpoch(config.shuffle, eta);
        if (!(eta > 0f) || Float.isInfinite(eta)) {
            throw new IllegalArgumentException("learning-rate schedule gave " + rate + " for epoch " + epoch
                    + "; learning rates must be finite and > 0");
        }
    }

    /**
     * Takes {@code n} steps, one batch each, beginning the next epoch (reshuffled, with its
     * learning rate) whenever none has begun or the current one has no cases left, whatever the
     * configuration's number of epochs. Listeners are called after every step, as in a run.
     *
     * @param n steps to take, ≥ 1
     * @return E per case over the n steps' batches (their summed E over their cases), each
     *         measured before its step
     * @throws TrainingException if E becomes NaN or infinite
     */
    public double steps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("steps: the number of steps must be >= 1, got " + n);
        }
        double error = 0;
        long cases = 0;
        for (int i = 0; i < n; i++) {
            if (!state.inEpoch()) {
                beginEpoch();
            }
            int before = state.position;
            error += batchStep();
            cases += state.position - before;
        }
        return error / cases;
    }

    /**
     * One step of gradient descent on the next batch of the epoch: forward, backward, and the
     * optimizer's update.
     *
     * @return false when the epoch has no cases left (nothing was done)
     * @throws IllegalStateException if no epoch has begun
     * @throws TrainingException if E becomes NaN or infinite
     */
    public boolean step() {
        if (state.epoch < 0) {
            throw new IllegalStateException("no epoch has begun: call beginEpoch() before step(), or use steps(n)");
        }
        if (state.position >= cases) {
            return false;
        }
        batchStep();
        return true;
    }

    /** The step on the epoch's next batch, which has cases left; returns the batch's E. */
    private double batchStep() {
        int position = state.position;
        int b = Math.min(batch, cases - position);
        correct[0] = 0;
        double E;
        if (fusedOnline) {
            E = local.fusedOnlineStep(state.optimizer, state.order, position, state.eta, correct);
            finishStep(E, 1);
            return E;
        }
        E = gradients.batch(state.order, position, b, gradient, correct);
        checkFinite(E);
        state.optimizer.step(network.parameters(), gradient, config.averageGradient ? 1f / b : 1f, state.eta);
        finishStep(E, b);
        return E;
    }

    private void checkFinite(double E) {
        if (!Double.isFinite(E)) {
            // counted from 1, as the progress lines count: the batch is the one being stepped, not yet advanced
            throw new TrainingException("loss became " + E + " in epoch " + (state.epoch + 1) + ", batch "
                    + (state.batch + 1) + "; try a smaller learning rate (now " + state.eta + ")");
        }
    }

    private void finishStep(double E, int b) {
        checkFinite(E);
        state.epochCorrect += correct[0];
        state.advance(b, E);
        for (int i = 0; i < listeners.length; i++) {       // indexed: no iterator in the step
            listeners[i].onBatchEnd(state.epoch, state.batch - 1, state.position, cases, E);
            listeners[i].onStep(this, E);
        }
    }

    /** @return the network being trained (live: its parameters change with every step) */
    public Network network() {
        return network;
    }

    /** @return optimizer steps taken in this run (a resumed run counts those before the checkpoint) */
    public long stepCount() {
        return state.optimizer.steps();
    }

    /** @return training cases done in the current epoch */
    public int casesDone() {
        return state.position;
    }

    /** @return the current epoch, from 0 (−1 before the first) */
    public int epoch() {
        return state.epoch;
    }

    /** @return the learning rate of the current epoch */
    public float learningRate() {
        return state.eta;
    }

    /** @return E per case over the batches of this epoch so far */
    public double epochLoss() {
        return state.position == 0 ? Double.NaN : state.epochError / state.position;
    }

    /** @return training accuracy over this epoch so far, NaN if the data are not class labels */
    public double epochAccuracy() {
        return classification && state.position > 0 ? (double) state.epochCorrect / state.position : Double.NaN;
    }

    /** @return where the run stands (live): what a checkpoint captures */
    RunState state() {
        return state;
    }

    /** @return training cases per epoch */
    int cases() {
        return cases;
    }

    /**
     * The gradient of the last step (live). Not written when the batch is one case and the
     * optimizer {@linkplain dev.backprop.optim.Optimizer#fusesOnlineStep fuses} its step into the
     * backward pass.
     *
     * @return the flat gradient
     */
    public float[] gradient() {
        return gradient;
    }
}
