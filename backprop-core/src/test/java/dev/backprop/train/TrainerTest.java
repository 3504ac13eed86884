package dev.backprop.train;

import dev.backprop.TestData;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Initializer;
import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Momentum;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    static Dataset small() {
        Rng rng = new Rng(3);
        int n = 60;
        float[][] x = new float[n][4];
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < 4; j++) {
                x[c][j] = (float) rng.nextDouble();
            }
            labels[c] = x[c][0] + x[c][1] > x[c][2] + x[c][3] ? 1 : 0;
        }
        return Dataset.classification(x, labels, 2);
    }

    static Network net(long seed) {
        return Network.builder(4).layer(5, Activation.tanh()).layer(2, Activation.softmax())
                .initializer(Initializer.xavier()).seed(seed).build();
    }

    @Test
    void oneFullBatchEpochIsExactlyTheSeedsGradientDescentStep() {
        Dataset data = small();
        Network a = net(1);
        Network b = a.copy();
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.05f))
                .fullBatch().chunkSize(1000).shuffle(false).epochs(1).build()).fit(a, data);
        // By hand: ∂E/∂w summed over all cases, then w ← w − η ∂E/∂w.
        Backpropagation bp = new Backpropagation(b, data.size());
        float[] g = new float[b.layout().size()];
        bp.load(data.x(), data.y(), 0, data.size());
        bp.forward(data.size());
        bp.backward(Loss.softmaxCrossEntropy(), data.size(), g);
        float[] w = b.parameters();
        for (int j = 0; j < w.length; j++) {
            w[j] -= 0.05f * g[j];
        }
        assertArrayEquals(w, a.parameters());
    }

    @Test
    void onlineLearningStepsAfterEveryCaseInOrderWithoutShuffling() {
        Dataset data = small();
        Network a = net(2);
        Network b = a.copy();
        new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f))
                .batchSize(1).shuffle(false).epochs(1).build()).fit(a, data);
        Backpropagation bp = new Backpropagation(b, 1);
        float[] g = new float[b.layout().size()];
        for (int c = 0; c < data.size(); c++) {
            bp.load(data.x(), data.y(), c, 1);
            bp.forward(1);
            bp.backward(Loss.squaredError(), 1, g);
            float[] w = b.parameters();
            for (int j = 0; j < w.length; j++) {
                w[j] -= 0.1f * g[j];
            }
        }
        assertArrayEquals(b.parameters(), a.parameters());
    }

    @Test
    void fusedOnlineDescentGivesTheBitsOfGradientThenStep() {
        // Batch 1 with plain gradient descent takes the fused path (Backpropagation.backwardDescent);
        // it must equal backward() followed by GradientDescent.step, bit for bit, with either kernels.
        Dataset data = small();
        for (dev.backprop.math.Kernels k : new dev.backprop.math.Kernels[] {dev.backprop.math.Kernels.scalar(),
            dev.backprop.math.Kernels.create(2)}) {
            Network a = Network.builder(4).layer(40, Activation.sigmoid()).layer(33, Activation.relu())
                    .layer(2, Activation.sigmoid()).seed(9).build();
            Network b = a.copy();
            new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.3f)).kernels(k)
                    .batchSize(1).seed(5).epochs(2).build()).fit(a, data);
            Backpropagation bp = new Backpropagation(b, k, 1);
            float[] g = new float[b.layout().size()];
            GradientDescent sgd = new GradientDescent(0.3f);
            sgd.prepare(b.layout());
            dev.backprop.math.Rng rng = new dev.backprop.math.Rng(5);
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int e = 0; e < 2; e++) {
                rng.shuffle(order, order.length);
                for (int c : order) {
                    bp.load(data.x(), data.y(), c, 1);
                    bp.forward(1);
                    bp.backward(Loss.squaredError(), 1, g);
                    sgd.step(b.parameters(), g, 1f, 0.3f);
                }
            }
            assertArrayEquals(b.parameters(), a.parameters(), k.toString());
        }
    }

    @Test
    void averageGradientStepsOnTheBatchMeanLikeNielsen() {
        Dataset data = small();
        Network sum = net(3);
        Network mean = sum.copy();
        new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.01f))
                .batchSize(10).seed(1).build()).fit(sum, data);
        new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f))
                .batchSize(10).seed(1).averageGradient(true).build()).fit(mean, data);
        // η = 0.01 on the sum of 10 cases equals η = 0.1 on their mean, up to rounding.
        float[] p = sum.parameters();
        float[] q = mean.parameters();
        for (int j = 0; j < p.length; j++) {
            assertEquals(p[j], q[j], 1e-5f);
        }
    }

    @Test
    void sameSeedSameBitsDifferentSeedDifferentWeights() {
        Dataset data = small();
        TrainingConfig c1 = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(5).seed(42).validationSplit(0.2).build();
        Network a = net(4);
        Network b = net(4);
        History ha = new Trainer(c1).fit(a, data);
        History hb = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(5).seed(42).validationSplit(0.2).build()).fit(b, data);
        assertArrayEquals(a.parameters(), b.parameters());
        assertArrayEquals(ha.trainLoss(), hb.trainLoss());
        Network c = net(4);
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(5).seed(43).validationSplit(0.2).build()).fit(c, data);
        assertFalse(Arrays.equals(a.parameters(), c.parameters()));
    }

    @Test
    void trainingIsBitIdenticalForOneTwoAndFourThreads() {
        Dataset data = TestData.digits();
        float[][] results = new float[3][];
        double[][] losses = new double[3][];
        int[] threads = {1, 2, 4};
        for (int t = 0; t < 3; t++) {
            Network net = Network.builder(64).layer(128, Activation.sigmoid()).layer(64, Activation.relu())
                    .layer(10, Activation.softmax()).seed(3).build();
            History h = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                    .kernels(dev.backprop.math.Kernels.create(threads[t]))
                    .batchSize(300).chunkSize(128).epochs(2).seed(8).validationSplit(0.1).build()).fit(net, data);
            results[t] = net.parameters().clone();
            losses[t] = h.trainLoss();
        }
        assertArrayEquals(results[0], results[1], "1 vs 2 threads");
        assertArrayEquals(results[0], results[2], "1 vs 4 threads");
        assertArrayEquals(losses[0], losses[2]);
    }

    @Test
    void chunkedBatchesAreDeterministicAndCloseToUnchunked() {
        Dataset data = TestData.digits();
        Network a = Network.builder(64).layer(16, Activation.sigmoid()).layer(10, Activation.softmax())
                .seed(1).build();
        Network b = a.copy();
        Network c = a.copy();
        TrainingConfig chunked = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.001f))
                .fullBatch().chunkSize(100).epochs(3).build();
        new Trainer(chunked).fit(a, data);
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.001f))
                .fullBatch().chunkSize(100).epochs(3).build()).fit(b, data);
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.001f))
                .fullBatch().chunkSize(2000).epochs(3).build()).fit(c, data);
        assertArrayEquals(a.parameters(), b.parameters());
        float[] p = a.parameters();
        float[] q = c.parameters();
        for (int j = 0; j < p.length; j++) {
            assertEquals(q[j], p[j], 1e-4f * Math.max(1, Math.abs(q[j])));
        }
    }

    @Test
    void historyListenersValidationAndLearningRateSchedule() {
        Dataset data = small();
        List<Integer> batches = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.4f))
                .batchSize(16).epochs(4).validationSplit(0.25).seed(9)
                .schedule(LearningRateSchedule.step(2, 0.5))
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                        batches.add(done);
                        assertEquals(45, total);
                    }

                    @Override
                    public void onEpochEnd(EpochRecord r) {
                        epochs.add(r);
                    }
                }).build();
        History h = new Trainer(config).fit(net(5), data);
        assertEquals(4, h.epochs().size());
        assertEquals(epochs, h.epochs());
        // 45 training cases in batches of 16: 16, 32, 45 per epoch.
        assertEquals(List.of(16, 32, 45, 16, 32, 45, 16, 32, 45, 16, 32, 45), batches);
        assertEquals(0.4, h.epochs().get(0).learningRate(), 1e-7);
        assertEquals(0.4, h.epochs().get(1).learningRate(), 1e-7);
        assertEquals(0.2, h.epochs().get(2).learningRate(), 1e-7);
        for (EpochRecord r : h.epochs()) {
            assertTrue(r.validationLoss() > 0 && r.validationAccuracy() >= 0 && r.trainAccuracy() >= 0, r.toString());
        }
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        Dataset data = small();
        Network net = net(6);
        // A learning rate far too large makes the validation loss worse after the first epochs.
        List<float[]> snapshots = new ArrayList<>();
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(30f))
                .batchSize(5).epochs(50).validationSplit(0.3).seed(2).earlyStopping(2, 0)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord r) {
                        snapshots.add(net.parameters().clone());
                    }
                }).build();
        History h = new Trainer(config).fit(net, data);
        assertTrue(h.stoppedEarly(), "expected an early stop: " + h.epochs());
        assertTrue(h.epochs().size() < 50);
        int best = h.bestEpoch();
        double bestLoss = h.epochs().get(best).validationLoss();
        for (EpochRecord r : h.epochs()) {
            assertTrue(r.validationLoss() >= bestLoss);
        }
        assertArrayEquals(snapshots.get(best), net.parameters());
    }

    @Test
    void misuseGetsClearMessages() {
        Dataset data = small();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f)).build())
                        .fit(Network.builder(3).layer(2, Activation.sigmoid()).build(), data));
        assertTrue(e.getMessage().contains("4 inputs") && e.getMessage().contains("takes 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f)).build())
                        .fit(Network.builder(4).layer(2, Activation.sigmoid()).build(), data));
        assertTrue(e.getMessage().contains("softmax output"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f))
                        .earlyStopping(3, 0).build()).fit(net(1), data));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f)).batchSize(0));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f)).epochs(0));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f)).validationSplit(1));
    }

    @Test
    void aDivergingLossStopsWithAMessageNamingEpochAndBatch() {
        Dataset data = Dataset.of(new float[][] {{1e30f}, {-1e30f}}, new float[][] {{1}, {0}});
        Network net = Network.builder(1).layer(1, Activation.identity()).seed(1).build();
        net.setWeights(0, new float[][] {{1e10f}});
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(TrainingConfig.builder(Loss.squaredError(), new GradientDescent(1f))
                        .batchSize(1).shuffle(false).build()).fit(net, data));
        assertTrue(e.getMessage().contains("epoch 1, batch 1") && e.getMessage().contains("smaller learning rate"),
                e.getMessage());
    }

    @Test
    void aListenerThatAsksToStopEndsTheRunAfterThatEpochWithItsParameters() {
        Dataset data = small();
        List<Integer> seen = new ArrayList<>();
        TrainingListener stopAfterSecond = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord record) {
                seen.add(record.epoch());
            }

            @Override
            public boolean stopAfter(EpochRecord record) {
                return record.epoch() == 1;
            }
        };
        TrainingConfig.Builder b = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.1f, 0.9f))
                .batchSize(8).shuffle(true).seed(4);
        Network stopped = net(2);
        History h = new Trainer(b.epochs(6).listener(stopAfterSecond).build()).fit(stopped, data);
        Network two = net(2);
        History plain = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.1f, 0.9f))
                .batchSize(8).shuffle(true).seed(4).epochs(2).build()).fit(two, data);
        assertEquals(List.of(0, 1), seen);
        assertEquals(2, h.epochs().size());
        assertTrue(h.stoppedEarly());
        assertEquals(-1, h.bestEpoch());
        assertFalse(plain.stoppedEarly());
        assertArrayEquals(two.parameters(), stopped.parameters());
        assertArrayEquals(plain.trainLoss(), h.trainLoss());
    }
}
