package dev.backprop.spark.bench;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Optimizer;
import dev.backprop.spark.SparkTrainer;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One fit of ours, on Spark ({@link SparkTrainer}) or with the local {@link Trainer}, from a copy
 * of the start, timed by a {@link Clock}.
 *
 * @param history the fit's history (each epoch's seconds, losses)
 * @param seconds the whole fit's wall time, without the clock's evaluations
 * @param clock the per-epoch times, test accuracies and parameters
 * @param network the trained network
 */
record Ours(History history, double seconds, Clock clock, Network network) {
    /** MLPC's only network shape here: sigmoid hidden units, a softmax output. */
    static final int[] LAYERS = {784, 100, 10};

    /**
     * @param seed the seed
     * @return the start both sides train from: Xavier-initialized from the seed
     */
    static Network start(long seed) {
        return new Network(LAYERS, Activation.sigmoid(), Activation.softmax()).initialize(Initializer.xavier(), seed);
    }

    /**
     * @param o the options
     * @param epochs the iterations
     * @param eta the step
     * @return full-batch gradient descent on the mean gradient, unshuffled, as MLPC's gd
     */
    static TrainingConfig.Builder gd(Options o, int epochs, double eta) {
        return config(o, new GradientDescent((float) eta), epochs).fullBatch().shuffle(false);
    }

    /**
     * @param o the options
     * @return Adam on mini-batches, shuffled every epoch
     */
    static TrainingConfig.Builder adam(Options o) {
        return config(o, new Adam((float) o.adamEta()), o.adamEpochs()).batchSize(o.adamBatch()).shuffle(true);
    }

    private static TrainingConfig.Builder config(Options o, Optimizer optimizer, int epochs) {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), optimizer).epochs(epochs).averageGradient(true)
                .chunkSize(o.chunk()).seed(o.seed());
    }

    /**
     * @param start the start, not changed
     * @param config the settings, without listeners
     * @param train the training rows
     * @param data the test set, for the clock
     * @param partitions our trainer's partitions
     * @param evaluateAt the epochs (from 1) to evaluate, empty for all
     * @return the fit
     */
    static Ours spark(Network start, TrainingConfig.Builder config, Dataset<Row> train, FashionData data, int partitions,
                      int... evaluateAt) {
        Network network = start.copy();
        Clock clock = new Clock(network, data.test(), evaluateAt);
        SparkTrainer trainer = new SparkTrainer(config.listener(clock).build(), partitions);
        clock.start();
        History history = trainer.fitClassifier(network, train, "features", "label");
        return new Ours(history, clock.sinceStart(), clock, network);
    }

    /**
     * @param start the start, not changed
     * @param config the settings, without listeners
     * @param kernels the kernels (their threads)
     * @param data the training and test sets
     * @param evaluateAt the epochs (from 1) to evaluate, empty for all
     * @return the fit
     */
    static Ours local(Network start, TrainingConfig.Builder config, Kernels kernels, FashionData data,
                      int... evaluateAt) {
        Network network = start.copy();
        Clock clock = new Clock(network, data.test(), evaluateAt);
        Trainer trainer = new Trainer(config.kernels(kernels).listener(clock).build());
        clock.start();
        History history = trainer.fit(network, data.train());
        return new Ours(history, clock.sinceStart(), clock, network);
    }

    /**
     * @param warmup the first epochs to leave out (all are kept when no more are left)
     * @return the mean seconds of the epochs after the warm-up: one iteration each, for full batch
     */
    double perEpoch(int warmup) {
        int from = history.epochs().size() > warmup ? warmup : 0;
        return history.epochs().stream().skip(from).mapToDouble(EpochRecord::seconds).average().orElse(Double.NaN);
    }
}
