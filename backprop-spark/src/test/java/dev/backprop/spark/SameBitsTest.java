package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.AdaGrad;
import dev.backprop.optim.Adam;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Nesterov;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.RmsProp;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test that matters: training through Spark gives the local trainer's parameters bit for bit,
 * and its per-epoch losses and accuracies, for 1, 2, 3, 8 and 13 partitions; full batch and
 * mini-batches (shuffled, and of chunks that do not divide the batch), several optimizers and
 * activation × loss pairs, classification and regression.
 */
class SameBitsTest {
    static final int[] PARTITIONS = {1, 2, 3, 8, 13};

    static Network network(int outputs, Activation hidden, Activation out) {
        return new Network(new int[] {Frames.INPUTS, 9, outputs}, hidden, out).initialize(Initializer.xavier(), 3);
    }

    static TrainingConfig config(Loss loss, Optimizer optimizer, int batch, boolean shuffle) {
        return builder(loss, optimizer, batch, shuffle).build();
    }

    static TrainingConfig.Builder builder(Loss loss, Optimizer optimizer, int batch, boolean shuffle) {
        return TrainingConfig.builder(loss, optimizer).epochs(3).batchSize(batch).chunkSize(16).shuffle(shuffle)
                .averageGradient(true).seed(5);
    }

    void classifier(Activation hidden, Activation out, Loss loss, Optimizer optimizer, int batch, boolean shuffle) {
        Network local = network(3, hidden, out);
        History expected = new Trainer(config(loss, optimizer, batch, shuffle)).fit(local, Frames.classification());
        var frame = Frames.classificationFrame();
        for (int partitions : PARTITIONS) {
            Network spark = network(3, hidden, out);
            History got = new SparkTrainer(config(loss, optimizer.fresh(), batch, shuffle), partitions)
                    .fitClassifier(spark, frame, "features", "label");
            same(expected, local, got, spark, partitions + " partitions, batch " + batch);
        }
    }

    static void same(History expected, Network local, History got, Network spark, String what) {
        assertArrayEquals(local.parameters(), spark.parameters(), what);
        assertArrayEquals(expected.trainLoss(), got.trainLoss(), what);
        for (int e = 0; e < expected.epochs().size(); e++) {
            assertEquals(expected.epochs().get(e).trainAccuracy(), got.epochs().get(e).trainAccuracy(), what);
        }
    }

    @Test
    void fullBatchGradientDescent() {
        classifier(Activation.tanh(), Activation.softmax(), Loss.softmaxCrossEntropy(), new GradientDescent(0.1f),
                Integer.MAX_VALUE, false);
    }

    @Test
    void shuffledMiniBatchesWithAdam() {
        classifier(Activation.relu(), Activation.sigmoid(), Loss.squaredError(), new Adam(0.01f), 64, true);
    }

    @Test
    void miniBatchesOfUnevenChunksWithMomentum() {
        classifier(Activation.sigmoid(), Activation.sigmoid(), Loss.binaryCrossEntropy(), new Momentum(0.05f, 0.9f),
                40, true);
    }

    @Test
    void theOtherOptimizersWithASchedule() {
        for (Optimizer optimizer : new Optimizer[] {new Nesterov(0.05f, 0.9f), new AdaGrad(0.05f),
                new GradientDescent(0.2f, 1e-3f)}) {
            Loss loss = Loss.softmaxCrossEntropy();
            Network local = network(3, Activation.leakyRelu(), Activation.softmax());
            TrainingConfig config = builder(loss, optimizer, 96, true)
                    .schedule(LearningRateSchedule.exponential(0.7)).build();
            History expected = new Trainer(config).fit(local, Frames.classification());
            for (int partitions : new int[] {3, 13}) {
                Network spark = network(3, Activation.leakyRelu(), Activation.softmax());
                TrainingConfig again = builder(loss, optimizer.fresh(), 96, true)
                        .schedule(LearningRateSchedule.exponential(0.7)).build();
                History got = new SparkTrainer(again, partitions).fitClassifier(spark, Frames.classificationFrame(),
                        "features", "label");
                same(expected, local, got, spark, optimizer + ", " + partitions + " partitions");
            }
        }
    }

    @Test
    void anIndexColumnKeepsTheCasesOrderThroughARepartition() {
        Loss loss = Loss.softmaxCrossEntropy();
        Network local = network(3, Activation.tanh(), Activation.softmax());
        History expected = new Trainer(config(loss, new Adam(0.01f), 64, true)).fit(local, Frames.classification());
        var shuffled = Frames.classificationFrameWithIds().repartition(3);
        Network spark = network(3, Activation.tanh(), Activation.softmax());
        History got = new SparkTrainer(config(loss, new Adam(0.01f), 64, true), 2).withIndexCol("id")
                .fitClassifier(spark, shuffled, "features", "label");
        same(expected, local, got, spark, "rows repartitioned, case index from 'id'");
    }

    @Test
    void regressionWithRmsProp() {
        Loss loss = Loss.meanSquaredError();
        Network local = network(2, Activation.tanh(), Activation.identity());
        History expected = new Trainer(config(loss, new RmsProp(0.01f), 48, true)).fit(local, Frames.regression());
        var frame = Frames.regressionFrame();
        for (int partitions : PARTITIONS) {
            Network spark = network(2, Activation.tanh(), Activation.identity());
            History got = new SparkTrainer(config(loss, new RmsProp(0.01f), 48, true), partitions)
                    .fitRegressor(spark, frame, "features", "target");
            same(expected, local, got, spark, partitions + " partitions");
        }
    }
}
