package dev.backprop.spark.bench;

import dev.backprop.data.Dataset;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.TrainingListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a fit epoch by epoch from its start, leaving out its own work: at the chosen epochs it
 * evaluates the network on the test set and keeps a copy of the parameters. A listener has to
 * hold what it reads and what it records, since {@link TrainingListener#onEpochEnd} gets only
 * the epoch's record.
 */
final class Clock implements TrainingListener {
    private final Network network;
    private final Dataset test;
    private final int[] evaluateAt;
    private final List<Double> elapsed = new ArrayList<>();
    private final List<Double> accuracy = new ArrayList<>();
    private final List<float[]> parameters = new ArrayList<>();
    private long start;
    private long own;

    /**
     * @param network the network being trained
     * @param test the test set
     * @param evaluateAt the epochs (from 1) after which to evaluate and copy the parameters;
     *        empty for every epoch
     */
    Clock(Network network, Dataset test, int[] evaluateAt) {
        this.network = network;
        this.test = test;
        this.evaluateAt = evaluateAt.clone();
    }

    /** Starts the clock: call just before the fit. */
    void start() {
        start = System.nanoTime();
        own = 0;
    }

    @Override
    public void onEpochEnd(EpochRecord record) {
        long t = System.nanoTime();
        elapsed.add((t - start - own) / 1e9);
        int epoch = record.epoch() + 1;
        boolean chosen = evaluateAt.length == 0 || Arrays.stream(evaluateAt).anyMatch(e -> e == epoch);
        accuracy.add(chosen ? Evaluation.of(network, Loss.softmaxCrossEntropy(), test).accuracy() : Double.NaN);
        parameters.add(chosen ? network.parameters().clone() : null);
        own += System.nanoTime() - t;
    }

    /** @return seconds from the start to the end of each epoch, without this listener's own time */
    double[] elapsed() {
        return elapsed.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return seconds since the start, without this listener's own time */
    double sinceStart() {
        return (System.nanoTime() - start - own) / 1e9;
    }

    /**
     * @param epoch an epoch from 1
     * @return the test accuracy after it, NaN if not evaluated
     */
    double accuracy(int epoch) {
        return accuracy.get(epoch - 1);
    }

    /**
     * @param epoch an evaluated epoch from 1
     * @return the parameters after it
     */
    float[] parameters(int epoch) {
        return parameters.get(epoch - 1);
    }
}
