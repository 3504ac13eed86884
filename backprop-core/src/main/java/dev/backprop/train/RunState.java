package dev.backprop.train;

import dev.backprop.math.Rng;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;

import java.util.Map;

/**
 * Where a training run stands, in one place: the run's optimizer (its state arrays and step
 * count), the progress through the current epoch (its number, the batches and cases done, the
 * epoch's case order, the shuffling RNG, the running E and count of correct cases, the learning
 * rate), the history of finished epochs, and the early-stopping state. A {@link Checkpoint} is a
 * {@linkplain #snapshot snapshot} of it, and resuming {@linkplain #restore restores} it, so what a
 * checkpoint holds and what a run keeps are the same list.
 *
 * <p>The {@link TrainingSession} moves the progress step by step, the {@link Trainer} the history
 * and early stopping epoch by epoch; nothing here allocates after construction except
 * {@link #snapshot} and {@link #restore}.
 */
final class RunState {
    final Optimizer optimizer;
    final int[] order;
    final Rng rng;
    final History history = new History();
    /** The best epoch's parameters, or null when early stopping is off. */
    final float[] best;
    int epoch = -1;
    int batch;
    int position;
    float eta;
    double epochError;
    int epochCorrect;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    boolean stopped;
    /** Wall time the current epoch had run before it was restored from a checkpoint. */
    double restoredSeconds;

    /**
     * @param optimizer the run's optimizer, prepared
     * @param cases training cases per epoch
     * @param seed seeds the shuffling RNG
     * @param parameters the network's parameter count
     * @param earlyStopping whether to keep the best epoch's parameters
     */
    RunState(Optimizer optimizer, int cases, long seed, int parameters, boolean earlyStopping) {
        this.optimizer = optimizer;
        this.order = new int[cases];
        for (int i = 0; i < cases; i++) {
            order[i] = i;
        }
        this.rng = new Rng(seed);
        this.best = earlyStopping ? new float[parameters] : null;
    }

    /**
     * Starts the next epoch at its first case.
     *
     * @param shuffle whether to reshuffle the case order (starting from the last epoch's)
     * @param rate the epoch's learning rate
     */
    void beginEpoch(boolean shuffle, float rate) {
        epoch++;
        position = 0;
        batch = 0;
        epochError = 0;
        epochCorrect = 0;
        restoredSeconds = 0;
        if (shuffle) {
            rng.shuffle(order, order.length);
        }
        eta = rate;
    }

    /**
     * Counts a step's batch as done.
     *
     * @param cases its cases
     * @param error E summed over them
     */
    void advance(int cases, double error) {
        epochError += error;
        position += cases;
        batch++;
    }

    /** @return whether an epoch has begun and has cases left */
    boolean inEpoch() {
        return epoch >= 0 && position < order.length;
    }

    /**
     * Early stopping at the end of epoch {@link #epoch}: keeps the parameters if the validation
     * loss improved by more than {@code minDelta}, else stops after {@code patience} epochs
     * without improvement, putting back the best parameters if asked.
     *
     * @param validationLoss the epoch's validation loss
     * @param parameters the network's parameters, restored in place when stopping
     * @param config patience, minimum improvement and whether to restore the best
     * @return whether the run stops
     */
    boolean stopEarly(double validationLoss, float[] parameters, TrainingConfig config) {
        if (validationLoss < bestLoss - config.minDelta) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            System.arraycopy(parameters, 0, best, 0, best.length);
        } else if (epoch - bestEpoch >= config.patience) {
            if (config.restoreBest) {
                System.arraycopy(best, 0, parameters, 0, best.length);
            }
            history.stoppedEarly(bestEpoch);
            stopped = true;
        }
        return stopped;
    }

    /**
     * A checkpoint of the run: copies of the network, the optimizer's state arrays, the epoch's
     * order and the best parameters, so that the run can go on while the checkpoint is written.
     *
     * @param network the network being trained
     * @param seconds wall time of the current epoch so far
     * @param settings the run's settings fingerprint
     * @return the checkpoint
     */
    Checkpoint snapshot(Network network, double seconds, Map<String, String> settings) {
        float[][] state = optimizer.state();
        float[][] stateCopy = new float[state.length][];
        for (int k = 0; k < state.length; k++) {
            stateCopy[k] = state[k].clone();
        }
        return new Checkpoint(network.copy(),
                new Checkpoint.OptimizerState(optimizer.describe(), optimizer.steps(), stateCopy),
                new Checkpoint.Progress(epoch, batch, position, order.clone(), rng.state(), epochError, epochCorrect,
                        eta, seconds),
                history.epochs(),
                new Checkpoint.EarlyStopping(bestLoss, bestEpoch, best != null && bestEpoch >= 0 ? best.clone() : null,
                        stopped),
                settings);
    }

    /**
     * Puts the run where a checkpoint was taken: the network's parameters, the optimizer's state
     * and steps, the progress, the history and the early-stopping state.
     *
     * @param from the checkpoint, already checked against the run's settings
     * @param network receives the checkpoint's parameters
     * @throws IllegalArgumentException if the checkpoint's optimizer state or case order do not fit
     */
    void restore(Checkpoint from, Network network) {
        float[][] state = optimizer.state();
        float[][] saved = from.optimizer().state();
        if (state.length != saved.length) {
            throw new IllegalArgumentException("cannot resume: the checkpoint holds " + saved.length
                    + " optimizer state arrays, " + optimizer.describe() + " has " + state.length);
        }
        Checkpoint.Progress p = from.progress();
        if (p.order().length != order.length) {
            throw new IllegalArgumentException("cannot resume: the checkpoint's epoch order has " + p.order().length
                    + " cases, the training data " + order.length);
        }
        network.setParameters(from.network().parameters());
        for (int k = 0; k < state.length; k++) {
            System.arraycopy(saved[k], 0, state[k], 0, state[k].length);
        }
        optimizer.setSteps(from.optimizer().steps());
        epoch = p.epoch();
        batch = p.batch();
        position = p.position();
        System.arraycopy(p.order(), 0, order, 0, order.length);
        rng.setState(p.rngState());
        epochError = p.epochError();
        epochCorrect = p.epochCorrect();
        eta = p.learningRate();
        restoredSeconds = p.epochFinished() ? 0 : p.epochSeconds();
        for (EpochRecord r : from.epochs()) {
            history.add(r);
        }
        Checkpoint.EarlyStopping es = from.earlyStopping();
        bestLoss = es.bestLoss();
        bestEpoch = es.bestEpoch();
        if (best != null && es.bestParameters() != null) {
            System.arraycopy(es.bestParameters(), 0, best, 0, best.length);
        }
        stopped = es.stopped();
        if (stopped) {
            history.stoppedEarly(bestEpoch);
        }
    }
}
