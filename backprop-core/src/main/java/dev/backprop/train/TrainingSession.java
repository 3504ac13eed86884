package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.math.Rng;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;

/**
 * One training run, step by step: {@link #beginEpoch()}, then {@link #step()} until it returns
 * false. Everything a step needs is allocated when the session is created, so a step allocates
 * nothing. {@link Trainer} drives sessions; use one directly to control the loop.
 */
public final class TrainingSession {
    private final Network network;
    private final Dataset data;
    private final TrainingConfig config;
    private final Optimizer optimizer;
    private final Backpropagation pass;
    private final GradientSum tree;
    private final float[] gradient;
    private final int[] order;
    private final Rng rng;
    private final int batch;
    private final boolean classification;
    private final TrainingListener[] listeners;
    /** One case per step with an optimizer that fuses its step into the backward pass. */
    private final boolean fusedOnline;
    private int epoch = -1;
    private int position;
    private int batchIndex;
    private float eta;
    private double epochError;
    private int epochCorrect;

    TrainingSession(Network network, Dataset data, TrainingConfig config) {
        if (data.inputs() != network.inputSize()) {
            throw new IllegalArgumentException("data has " + data.inputs() + " inputs per case but network "
                    + network.layout() + " takes " + network.inputSize());
        }
        if (data.outputs() != network.outputSize()) {
            throw new IllegalArgumentException("data has " + data.outputs() + " targets per case but network "
                    + network.layout() + " has " + network.outputSize() + " outputs");
        }
        config.loss.checkOutput(network.outputActivation());
        this.network = network;
        this.data = data;
        this.config = config;
        this.batch = Math.min(config.batchSize, data.size());
        this.pass = new Backpropagation(network, config.kernels, Math.min(config.chunkSize, batch));
        this.tree = new GradientSum(config.kernels, network.layout().size());
        this.gradient = new float[network.layout().size()];
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.rng = new Rng(config.seed);
        this.classification = data.isClassification();
        this.listeners = config.listeners.toArray(new TrainingListener[0]);
        this.optimizer = config.newOptimizer();
        this.fusedOnline = batch == 1 && optimizer.fusesOnlineStep();
        optimizer.prepare(network.layout(), config.kernels);
        int chunksPerBatch = (batch + pass.capacity() - 1) / pass.capacity();
        if (chunksPerBatch > 1) {
            tree.begin(chunksPerBatch);
        }
    }

    /** Starts the next epoch: reshuffles (if configured) and sets its learning rate. */
    public void beginEpoch() {
        epoch++;
        position = 0;
        batchIndex = 0;
        epochError = 0;
        epochCorrect = 0;
        if (config.shuffle) {
            rng.shuffle(order, order.length);
        }
        double rate = config.schedule.rate(optimizer.learningRate(), epoch);
        eta = (float) rate;
        if (!(eta > 0f) || Float.isInfinite(eta)) {
            throw new IllegalArgumentException("learning-rate schedule gave " + rate + " for epoch " + epoch
                    + "; learning rates must be finite and > 0");
        }
    }

    /**
     * One step of gradient descent on the next batch of the epoch: forward, backward, and the
     * optimizer's update.
     *
     * @return false when the epoch has no cases left (nothing was done)
     * @throws TrainingException if E becomes NaN or infinite
     */
    public boolean step() {
        int n = data.size();
        if (position >= n) {
            return false;
        }
        int cases = Math.min(batch, n - position);
        int cap = pass.capacity();
        double E;
        if (fusedOnline) {
            pass.gather(data.x(), data.y(), order, position, 1);
            pass.forward(1);
            countCorrect(1);
            E = optimizer.backwardAndStep(pass, config.loss, eta);
            finishStep(E, 1);
            return true;
        }
        if (cases <= cap) {
            E = chunk(position, cases, gradient);
        } else {
            int chunks = (cases + cap - 1) / cap;
            tree.begin(chunks);
            E = 0;
            for (int k = 0; k < chunks; k++) {
                int first = position + k * cap;
                int b = Math.min(cap, position + cases - first);
                E += chunk(first, b, tree.next());
                tree.push();
            }
            tree.finish(gradient);
        }
        checkFinite(E);
        optimizer.step(network.parameters(), gradient, config.averageGradient ? 1f / cases : 1f, eta);
        finishStep(E, cases);
        return true;
    }

    private void checkFinite(double E) {
        if (!Double.isFinite(E)) {
            throw new TrainingException("loss became " + E + " in epoch " + epoch + ", batch " + batchIndex
                    + "; try a smaller learning rate (now " + eta + ")");
        }
    }

    private void finishStep(double E, int cases) {
        checkFinite(E);
        int n = data.size();
        epochError += E;
        position += cases;
        for (int i = 0; i < listeners.length; i++) {       // indexed: no iterator in the step
            listeners[i].onBatchEnd(epoch, batchIndex, position, n, E);
        }
        batchIndex++;
    }

    /** Forward and backward over cases order[first .. first+b), gradient into g; returns E. */
    private double chunk(int first, int b, float[] g) {
        pass.gather(data.x(), data.y(), order, first, b);
        pass.forward(b);
        countCorrect(b);
        return pass.backward(config.loss, b, g);
    }

    /** Counts the loaded cases whose largest output is the target class. */
    private void countCorrect(int b) {
        if (classification) {
            epochCorrect += Evaluation.correct(pass.output(), pass.target(), b, network.outputSize());
        }
    }

    /** @return the current epoch, from 0 (−1 before the first) */
    public int epoch() {
        return epoch;
    }

    /** @return the learning rate of the current epoch */
    public float learningRate() {
        return eta;
    }

    /** @return E per case over the batches of this epoch so far */
    public double epochLoss() {
        return position == 0 ? Double.NaN : epochError / position;
    }

    /** @return training accuracy over this epoch so far, NaN if the data are not class labels */
    public double epochAccuracy() {
        return classification && position > 0 ? (double) epochCorrect / position : Double.NaN;
    }

    /** @return this run's optimizer (live), made for it by the configuration's factory */
    Optimizer optimizer() {
        return optimizer;
    }

    /** @return training cases per epoch */
    int cases() {
        return data.size();
    }

    /** @return cases done in this epoch */
    int position() {
        return position;
    }

    /** @return batches done in this epoch */
    int batchIndex() {
        return batchIndex;
    }

    /** @return the epoch's case order (live) */
    int[] order() {
        return order;
    }

    /** @return the shuffling RNG's state */
    long rngState() {
        return rng.state();
    }

    /** @return E summed over this epoch so far */
    double epochError() {
        return epochError;
    }

    /** @return cases classified correctly in this epoch so far */
    int epochCorrect() {
        return epochCorrect;
    }

    /** Puts the session where a checkpoint was taken. */
    void restore(Checkpoint.Progress p) {
        if (p.order().length != order.length) {
            throw new IllegalArgumentException("cannot resume: the checkpoint's epoch order has " + p.order().length
                    + " cases, the training data " + order.length);
        }
        epoch = p.epoch();
        batchIndex = p.batch();
        position = p.position();
        System.arraycopy(p.order(), 0, order, 0, order.length);
        rng.setState(p.rngState());
        epochError = p.epochError();
        epochCorrect = p.epochCorrect();
        eta = p.learningRate();
    }

    /**
     * The gradient of the last step (live). Not written when plain gradient descent runs one case
     * at a time: that step is fused into the backward pass.
     *
     * @return the flat gradient
     */
    public float[] gradient() {
        return gradient;
    }
}
