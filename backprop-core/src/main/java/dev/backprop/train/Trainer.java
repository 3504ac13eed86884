package dev.backprop.train;

import dev.backprop.data.Classes;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;

/**
 * Trains a network by backpropagation and gradient descent: epochs of (seeded) shuffled
 * mini-batches, an optional validation split, early stopping on the validation loss, listeners,
 * and a {@link History} of every epoch.
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
     */
    public History fit(Network network, Dataset train, Dataset validation) {
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
        TrainingSession session = new TrainingSession(network, train, config);
        History history = new History();
        Inference inference = validation == null ? null : new Inference(network, config.kernels, config.chunkSize);
        float[] valOut = validation == null ? null : new float[validation.size() * validation.outputs()];
        float[] best = config.patience > 0 ? new float[network.layout().size()] : null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        for (int e = 0; e < config.epochs; e++) {
            long t0 = System.nanoTime();
            session.beginEpoch();
            while (session.step()) {
                // one batch per step
            }
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null) {
                valLoss = inference.error(config.loss, validation.x(), validation.y(), validation.size(), valOut)
                        / validation.size();
                valAcc = accuracy(valOut, validation);
            }
            EpochRecord record = new EpochRecord(e, session.epochLoss(), session.epochAccuracy(), valLoss, valAcc,
                    session.learningRate(), (System.nanoTime() - t0) / 1e9);
            history.add(record);
            for (TrainingListener l : config.listeners) {
                l.onEpochEnd(record);
            }
            if (config.patience > 0) {
                if (valLoss < bestLoss - config.minDelta) {
                    bestLoss = valLoss;
                    bestEpoch = e;
                    System.arraycopy(network.parameters(), 0, best, 0, best.length);
                } else if (e - bestEpoch >= config.patience) {
                    if (config.restoreBest) {
                        System.arraycopy(best, 0, network.parameters(), 0, best.length);
                    }
                    history.stoppedEarly(bestEpoch);
                    break;
                }
            }
        }
        return history;
    }

    /**
     * A session for driving training step by step.
     *
     * @param network trained in place
     * @param train the training data
     * @return the session; call {@link TrainingSession#beginEpoch()} first
     */
    public TrainingSession session(Network network, Dataset train) {
        return new TrainingSession(network, train, config);
    }

    private static double accuracy(float[] out, Dataset data) {
        if (!data.isClassification()) {
            return Double.NaN;
        }
        int n = data.outputs();
        int correct = 0;
        for (int c = 0; c < data.size(); c++) {
            if (Classes.argmax(out, c * n, n) == data.label(c)) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }
}
