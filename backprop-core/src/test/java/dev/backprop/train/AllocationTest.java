package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.init.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Optimizer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Once the network and batch size are fixed, a training step allocates nothing. */
class AllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    static Dataset data(int cases, int in, int out) {
        Rng rng = new Rng(5);
        float[] x = new float[cases * in];
        int[] labels = new int[cases];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        for (int c = 0; c < cases; c++) {
            labels[c] = rng.nextInt(out);
        }
        return Dataset.classification(x, labels, in, out);
    }

    /**
     * The fewest bytes allocated by a round of {@code steps} training steps, over up to 60 rounds
     * (stopping at the first round that allocates nothing). The JIT needs thousands of steps before
     * it compiles the SIMD code without boxing vectors, and in the meantime steps allocate; a step
     * that allocated by itself would show in every round.
     */
    static long bytesPerSteps(Network net, Dataset data, TrainingConfig config, int steps) {
        TrainingSession s = new Trainer(config).session(net, data);
        s.beginEpoch();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 60 && fewest > 0; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < steps; i++) {
                if (!s.step()) {
                    s.beginEpoch();
                }
            }
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        return fewest;
    }

    @Test
    void aMiniBatchStepAllocatesNothing() {
        Network net = new Network(new int[] {20, 16, 5}, Activation.sigmoid(), Activation.softmax());
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.01f))
                .batchSize(10).seed(1).build();
        long bytes = bytesPerSteps(net, data(200, 20, 5), config, 2000);
        assertEquals(0, bytes, "bytes allocated by 2000 steps (batch 10, Adam)");
    }

    @Test
    void aChunkedFullBatchStepAllocatesNothing() {
        Network net = new Network(new int[] {8, 6, 3}, Activation.tanh(), Activation.sigmoid());
        Optimizer sgd = new GradientDescent(0.1f);
        TrainingConfig config = TrainingConfig.builder(Loss.squaredError(), sgd)
                .fullBatch().chunkSize(16).seed(1).build();   // 100 cases: 7 chunks summed in a tree
        long bytes = bytesPerSteps(net, data(100, 8, 3), config, 500);
        assertEquals(0, bytes, "bytes allocated by 500 full-batch steps of 7 chunks");
    }

    @Test
    void aMultiThreadedStepAllocatesNothing() {
        Network net = new Network(new int[] {200, 256, 10}, Activation.sigmoid(), Activation.softmax());
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.01f))
                .kernels(dev.backprop.math.Kernels.create(2)).batchSize(64).seed(1).build();
        long bytes = bytesPerSteps(net, data(640, 200, 10), config, 100);
        assertEquals(0, bytes, "bytes allocated by 100 steps on 2 threads");
    }

    @Test
    void anAllocatingListenerIsCaught() {
        Network net = new Network(new int[] {20, 16, 5}, Activation.sigmoid(), Activation.softmax());
        float[][] sink = new float[1][];
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f))
                .batchSize(10).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                        sink[0] = new float[done];
                    }
                }).build();
        assertTrue(bytesPerSteps(net, data(200, 20, 5), config, 500) >= 500 * 16);
    }

    @Test
    void theCounterSeesAllocations() {
        long before = allocatedBytes();
        float[][] junk = new float[100][1000];
        long bytes = allocatedBytes() - before;
        assertTrue(bytes >= 100 * 1000 * 4, "allocated " + bytes + " for " + junk.length + " arrays");
    }
}
