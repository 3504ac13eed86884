package dev.backprop;

import dev.backprop.data.Dataset;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import dev.backprop.train.BatchGradients;
import dev.backprop.train.GradientSum;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BatchGradients}' contract, followed by hand the way a cluster follows it: each batch's
 * chunks dealt to workers in contiguous runs of any length, each worker with its own copy of the
 * network and its own {@link Backpropagation}, returning the sums of its complete subtrees, which
 * the driver adds by chunk index. Training so gives the local trainer's bits for any number of
 * workers. In this package, outside {@code train}, to show that the public API is enough.
 */
class WorkerGradientsTest {

    /** Workers on this machine: only the public API a remote implementation has. */
    static class Workers implements BatchGradients {
        final Network driver;
        final Dataset data;
        final TrainingConfig config;
        final int workers;
        final GradientSum tree;

        Workers(Network driver, Dataset data, TrainingConfig config, int workers) {
            this.driver = driver;
            this.data = data;
            this.config = config;
            this.workers = workers;
            this.tree = new GradientSum(config.kernels(), driver.layout().size());
        }

        @Override
        public int cases() {
            return data.size();
        }

        @Override
        public boolean classification() {
            return data.isClassification();
        }

        @Override
        public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
            int cap = config.chunkCases(data.size());
            int chunks = (count + cap - 1) / cap;
            double[] chunkE = new double[chunks];
            tree.begin(chunks);
            for (int w = 0; w < workers; w++) {
                int a = (int) ((long) chunks * w / workers);
                int b = (int) ((long) chunks * (w + 1) / workers);
                if (a < b) {
                    work(order, first, count, cap, a, b, chunkE, correct);
                }
            }
            tree.finish(gradient);
            double E = 0;
            for (double e : chunkE) {
                E += e;
            }
            return E;
        }

        /** Worker holding chunks [a, b): subtrees pushed to the driver's tree in order. */
        void work(int[] order, int first, int count, int cap, int a, int b, double[] chunkE, int[] correct) {
            Network copy = driver.copy();
            Backpropagation pass = new Backpropagation(copy, Kernels.create(1), cap);
            GradientSum local = new GradientSum(Kernels.create(1), copy.layout().size());
            for (int s = a; s < b; s += GradientSum.subtree(s, b)) {
                int size = GradientSum.subtree(s, b);
                local.begin(size);
                for (int k = s; k < s + size; k++) {
                    int from = first + k * cap;
                    int n = Math.min(cap, first + count - from);
                    pass.gather(data.x(), data.y(), order, from, n);
                    pass.forward(n);
                    if (data.isClassification()) {
                        correct[0] += dev.backprop.metrics.Evaluation.correct(pass.output(), pass.target(), n,
                                copy.outputSize());
                    }
                    chunkE[k] = pass.backward(config.loss(), n, local.next());
                    local.push();
                }
                float[] sum = new float[copy.layout().size()];
                local.finish(sum);
                tree.push(s, size, sum);
            }
        }
    }

    static Dataset data() {
        dev.backprop.math.Rng rng = new dev.backprop.math.Rng(11);
        int n = 203;
        float[] x = new float[n * 7];
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < 7; j++) {
                x[c * 7 + j] = (float) rng.nextGaussian();
            }
            labels[c] = x[c * 7] > 0.3f ? 0 : x[c * 7 + 1] > 0 ? 1 : 2;
        }
        return Dataset.classification(x, labels, 7, 3);
    }

    static Network network(Activation hidden, Activation out) {
        return new Network(new int[] {7, 9, 3}, hidden, out).initialize(Initializer.xavier(), 3);
    }

    static TrainingConfig config(Loss loss, Optimizer optimizer, int batch, boolean shuffle) {
        return TrainingConfig.builder(loss, optimizer).epochs(3).batchSize(batch).chunkSize(16).shuffle(shuffle)
                .averageGradient(true).seed(5).build();
    }

    void sameBits(Activation hidden, Activation out, Loss loss, Optimizer optimizer, int batch, boolean shuffle) {
        Network local = network(hidden, out);
        History expected = new Trainer(config(loss, optimizer, batch, shuffle)).fit(local, data());
        for (int workers : new int[] {1, 2, 3, 8, 13}) {
            Network remote = network(hidden, out);
            TrainingConfig config = config(loss, optimizer.fresh(), batch, shuffle);
            History got = new Trainer(config).fit(remote, new Workers(remote, data(), config, workers));
            String what = workers + " workers, batch " + batch;
            assertArrayEquals(local.parameters(), remote.parameters(), what);
            assertArrayEquals(expected.trainLoss(), got.trainLoss(), what);
            for (int e = 0; e < expected.epochs().size(); e++) {
                assertEquals(expected.epochs().get(e).trainAccuracy(), got.epochs().get(e).trainAccuracy(), what);
            }
        }
    }

    @Test
    void fullBatchGradientDescent() {
        sameBits(Activation.tanh(), Activation.softmax(), Loss.softmaxCrossEntropy(), new GradientDescent(0.1f),
                Integer.MAX_VALUE, false);
    }

    @Test
    void shuffledMiniBatchesWithAdam() {
        sameBits(Activation.relu(), Activation.sigmoid(), Loss.squaredError(), new Adam(0.01f), 64, true);
    }

    @Test
    void miniBatchesOfUnevenChunksWithMomentum() {
        sameBits(Activation.sigmoid(), Activation.sigmoid(), Loss.binaryCrossEntropy(), new Momentum(0.05f, 0.9f), 40,
                true);
    }

    @Test
    void theSessionHandsTheHookItsBatches() {
        Network net = network(Activation.tanh(), Activation.softmax());
        TrainingConfig config = config(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f), 64, false);
        int[] seen = new int[4];
        BatchGradients hook = new Workers(net, data(), config, 2) {
            @Override
            public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
                seen[first / 64] = count;
                return super.batch(order, first, count, gradient, correct);
            }
        };
        new Trainer(config).session(net, hook).steps(4);
        assertEquals("[64, 64, 64, 11]", Arrays.toString(seen));
    }

    @Test
    void whatNeedsValidationDataIsRefused() {
        Network net = network(Activation.tanh(), Activation.softmax());
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f))
                .validationSplit(0.2).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config).fit(net, new Workers(net, data(), config, 2)));
        assertEquals("training from batch gradients has no validation data, so no validation split or early "
                + "stopping: set validationSplit and patience to 0", e.getMessage());
    }
}
