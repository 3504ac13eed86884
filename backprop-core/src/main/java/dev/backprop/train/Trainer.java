package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;

import java.io.IOException;
import java.util.Map;

/**
 * Trains a network by backpropagation and gradient descent: epochs of (seeded) shuffled
 * mini-batches, an optional validation split, early stopping on the validation loss, listeners,
 * a {@link History} of every epoch, and {@link Checkpoint}s to resume an interrupted run from
 * ({@link TrainingConfig.Builder#checkpointEvery}, {@link #resume(Checkpoint, Network, Dataset)}). The
 * batch gradients may also come from elsewhere ({@link #fit(Network, BatchGradients)}, for example
 * a cluster), with the rest of the run, checkpoints included, kept here.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.5f))
 *         .epochs(100).batchSize(10).seed(1).build();
 * History history = new Trainer(config).fit(network, data);
 * }</pre>
 */
public final class Trainer {
    private final TrainingConfig config;

    /**
     * @param config the settings
     */
    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * Trains on {@code data}, holding out {@code validationSplit} of it (seeded) for validation.
     *
     * @param network trained in place
     * @param data the training data
     * @return the history
     */
    public History fit(Network network, Dataset data) {
        if (config.validationSplit > 0) {
            Dataset[] parts = data.split(config.validationSplit, config.seed);
            return fit(network, parts[0], parts[1]);
        }
        return fit(network, data, null);
    }

    /**
     * Trains on {@code train}, measuring {@code validation} after every epoch.
     *
     * @param network trained in place
     * @param train the training data
     * @param validation the validation data, or null
     * @return the history
     * @throws TrainingException if the loss or the parameters stop being finite, or a checkpoint
     *         cannot be written
     */
    public History fit(Network network, Dataset train, Dataset validation) {
        return run(network, train, validation, null);
    }

    /**
     * Continues a run from a checkpoint, splitting {@code data} as {@link #fit(Network, Dataset)}
     * does (same seed, same split).
     *
     * @param checkpoint where the run stood, from {@code dev.backprop.io.CheckpointFile.load}
     * @param network receives the checkpoint's parameters and is trained in place; the same shape
     *        and activations as the checkpoint's ({@code checkpoint.network()} itself will do)
     * @param data the training data of the original run
     * @return the history of the whole run, the checkpoint's epochs included
     * @throws IllegalArgumentException if the settings, data, network or schedule differ from the
     *         checkpoint's run (the message names the first difference)
     */
    public History resume(Checkpoint checkpoint, Network network, Dataset data) {
        if (config.validationSplit > 0) {
            Dataset[] parts = data.split(config.validationSplit, config.seed);
            return resume(checkpoint, network, parts[0], parts[1]);
        }
        return resume(checkpoint, network, data, null);
    }

    /**
     * Continues a run from a checkpoint: restores the parameters, the optimizer's state and step
     * count, the shuffling RNG, the epoch's order, position and running sums, the history and the
     * early-stopping state, then trains to {@link TrainingConfig#epochs()} as if the run had never
     * stopped: the final parameters are bit for bit those of an uninterrupted run (with kernels of
     * the same kind; the thread count does not matter). The run's new optimizer is
     * {@linkplain dev.backprop.optim.Optimizer#prepare prepared} and then given the checkpoint's
     * state. A run that had ended (all epochs done, or stopped early) returns its
     * history without training.
     *
     * @param checkpoint where the run stood
     * @param network receives the checkpoint's parameters and is trained in place
     * @param train the training data of the original run
     * @param validation its validation data, or null
     * @return the history of the whole run
     * @throws IllegalArgumentException if the settings, data, network or schedule differ from the
     *         checkpoint's run
     */
    public History resume(Checkpoint checkpoint, Network network, Dataset train, Dataset validation) {
        return run(network, train, validation, java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /**
     * Trains on cases whose batch gradients come from {@code gradients} (for example computed on a
     * cluster), with everything else as {@link #fit(Network, Dataset)} does it on this machine:
     * epochs, shuffling, schedules, listeners, the history, the optimizer, and checkpoints every
     * {@link TrainingConfig#checkpointEvery()} steps through the configuration's store, with the
     * settings fingerprint of {@link Checkpoint#settingsOf(TrainingConfig, BatchGradients)}. There
     * is no validation data, so no validation split or early stopping.
     *
     * @param network trained in place; the gradients must read its parameters as they are
     * @param gradients the batches' gradients, following {@link BatchGradients}' contract
     * @return the history
     * @throws IllegalArgumentException if the configuration asks for a validation split or early
     *         stopping
     * @throws TrainingException if the loss stops being finite, or a checkpoint cannot be written
     */
    public History fit(Network network, BatchGradients gradients) {
        return runOn(network, gradients, null);
    }

    /**
     * Continues a run on batch gradients from a checkpoint, as
     * {@link #resume(Checkpoint, Network, Dataset, Dataset)} does: the final parameters are bit for
     * bit those of an uninterrupted run. The checkpoint may have been written by a run on a
     * {@link Dataset} of the same cases without validation data, or by a run on other batch
     * gradients of them (their {@link BatchGradients#crc32c()} agree), and the other way round.
     *
     * @param checkpoint where the run stood
     * @param network receives the checkpoint's parameters and is trained in place; the gradients
     *        must read its parameters as they are
     * @param gradients the batches' gradients of the original run's cases
     * @return the history of the whole run, the checkpoint's epochs included
     * @throws IllegalArgumentException if the configuration asks for a validation split or early
     *         stopping, or the settings, cases, network or schedule differ from the checkpoint's run
     *         (the message names the first difference)
     * @throws TrainingException if the loss stops being finite, or a checkpoint cannot be written
     */
    public History resume(Checkpoint checkpoint, Network network, BatchGradients gradients) {
        return runOn(network, gradients, java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    private History runOn(Network network, BatchGradients gradients, Checkpoint from) {
        if (config.validationSplit > 0 || config.patience > 0) {
            throw new IllegalArgumentException("training from batch gradients has no validation data, so no "
                    + "validation split or early stopping: set validationSplit and patience to 0");
        }
        Map<String, String> settings = from != null || config.checkpointEvery > 0
                ? Checkpoint.settingsOf(config, gradients) : null;
        if (from != null) {
            from.checkResumable(network, config, settings);
        }
        return loop(network, new TrainingSession(network, gradients, config), null, from, settings);
    }

    private History run(Network network, Dataset train, Dataset validation, Checkpoint from) {
        checkValidation(network, validation);
        Map<String, String> settings = from != null || config.checkpointEvery > 0
                ? Checkpoint.settingsOf(config, train, validation) : null;
        if (from != null) {
            from.checkResumable(network, config, settings);
        }
        return loop(network, new TrainingSession(network, train, config), validation, from, settings);
    }

    /** The epochs of a run, from its start or from a checkpoint. */
    private History loop(Network network, TrainingSession session, Dataset validation, Checkpoint from,
                         Map<String, String> settings) {
        RunState state = session.state();
        if (from != null) {
            state.restore(from, network);
            if (state.stopped) {
                return state.history;
            }
        }
        Inference inference = validation == null ? null : new Inference(network, config.kernels, config.chunkSize);
        float[] valOut = validation == null ? null : new float[validation.size() * validation.outputs()];
        int every = config.checkpointEvery;
        while (state.inEpoch() || state.epoch + 1 < config.epochs) {
            long t0 = System.nanoTime() - (long) (state.restoredSeconds * 1e9);
            if (!state.inEpoch()) {
                session.beginEpoch();
            }
            state.restoredSeconds = 0;
            while (session.step()) {
                if (every > 0 && state.optimizer.steps() % every == 0 && state.inEpoch()) {
                    checkpoint(network, state, (System.nanoTime() - t0) / 1e9, settings);
                }
            }
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null) {
                valLoss = inference.error(config.loss, validation.x(), validation.y(), validation.size(), valOut)
                        / validation.size();
                valAcc = Evaluation.accuracy(valOut, validation);
            }
            EpochRecord record = new EpochRecord(state.epoch, session.epochLoss(), session.epochAccuracy(), valLoss,
                    valAcc, state.eta, (System.nanoTime() - t0) / 1e9, EpochRecord.checksum(network.parameters()));
            state.history.add(record);
            for (TrainingListener l : config.listeners) {
                l.onEpochEnd(record);
            }
            boolean stop = config.patience > 0 && state.stopEarly(valLoss, network.parameters(), config);
            if (!stop && listenerStops(record)) {
                state.history.stoppedEarly(-1);
                state.stopped = true;
                stop = true;
            }
            if (every > 0) {
                checkpoint(network, state, record.seconds(), settings);
            }
            if (stop) {
                break;
            }
        }
        return state.history;
    }

    /** Asks every listener, so that each sees the epoch whichever of them stops the run. */
    private boolean listenerStops(EpochRecord record) {
        boolean stop = false;
        for (TrainingListener l : config.listeners) {
            stop |= l.stopAfter(record);
        }
        return stop;
    }

    private void checkValidation(Network network, Dataset validation) {
        if (config.patience > 0 && validation == null) {
            throw new IllegalArgumentException("early stopping watches the validation loss: give validation data "
                    + "or a validation split");
        }
        if (validation != null && (validation.inputs() != network.inputSize()
                || validation.outputs() != network.outputSize())) {
            throw new IllegalArgumentException("validation data has " + validation.inputs() + " inputs and "
                    + validation.outputs() + " targets per case; network " + network.layout() + " needs "
                    + network.inputSize() + " and " + network.outputSize());
        }
    }

    /**
     * Captures the run and hands it to the checkpoint store, unless a parameter or an optimizer
     * state value is not finite: then the store keeps the last good checkpoint and training stops.
     */
    private void checkpoint(Network network, RunState state, double seconds, Map<String, String> settings) {
        float[] w = network.parameters();
        float[][] optimizerState = state.optimizer.state();
        for (int k = -1; k < optimizerState.length; k++) {
            float[] v = k < 0 ? w : optimizerState[k];
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new TrainingException((k < 0 ? "parameter " : "optimizer state " + k + ", value ") + j
                            + " became " + v[j] + " by epoch " + (state.epoch + 1) + ", batch " + state.batch
                            + "; try a smaller learning rate (now " + state.eta + "); "
                            + config.checkpointStore.name() + " keeps the last good checkpoint");
                }
            }
        }
        try {
            config.checkpointStore.save(state.snapshot(network, seconds, settings));
        } catch (IOException | RuntimeException ex) {
            throw new TrainingException("cannot write checkpoint " + config.checkpointStore.name() + ": "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * A session for driving training step by step, with a new optimizer from the configuration:
     * {@link TrainingSession#steps(int)}, or {@link TrainingSession#beginEpoch()} and then
     * {@link TrainingSession#step()}. It trains without validation, early stopping, history or
     * checkpoints.
     *
     * @param network trained in place
     * @param train the training data
     * @return the session, before its first epoch
     */
    public TrainingSession session(Network network, Dataset train) {
        return new TrainingSession(network, train, config);
    }

    /**
     * A session as {@link #session(Network, Dataset)} gives, whose batch gradients come from
     * {@code gradients}.
     *
     * @param network trained in place; the gradients must read its parameters as they are
     * @param gradients the batches' gradients, following {@link BatchGradients}' contract
     * @return the session, before its first epoch
     */
    public TrainingSession session(Network network, BatchGradients gradients) {
        return new TrainingSession(network, gradients, config);
    }
}
