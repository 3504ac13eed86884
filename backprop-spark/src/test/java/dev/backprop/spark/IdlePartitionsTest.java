package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A step's job runs a task only on the partitions that hold the batch's chunks, with the same bits. */
class IdlePartitionsTest {

    @Test
    void aBatchOfOneChunkRunsOneTask() throws Exception {
        // 203 cases, batches of one chunk of 16: 13 steps an epoch over 8 partitions
        TrainingConfig config = SameBitsTest.config(Loss.softmaxCrossEntropy(), new Adam(0.01f), 16, true);
        Network local = SameBitsTest.network(3, Activation.tanh(), Activation.softmax());
        Network spark = local.copy();
        History expected = new Trainer(config).fit(local, Frames.classification());
        SparkContext sc = SparkSessions.get().sparkContext();
        List<Integer> tasks = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted done) {
                if (done.stageInfo().name().contains("SparkGradients")) {
                    tasks.add(done.stageInfo().numTasks());
                }
            }
        };
        sc.addSparkListener(listener);
        try {
            History got = new SparkTrainer(config, 8).fitClassifier(spark, Frames.classificationFrame(), "features",
                    "label");
            sc.listenerBus().waitUntilEmpty();
            SameBitsTest.same(expected, local, got, spark, "8 partitions, one chunk a batch");
        } finally {
            sc.removeSparkListener(listener);
        }
        assertEquals(13 * expected.epochs().size(), tasks.size(), "step jobs");
        for (int n : tasks) {
            assertEquals(1, n, "tasks of a step " + tasks);
        }
    }

    @Test
    void theHeldPartitionsOfABatchAreARunOfPartitions() {
        Geometry g = new Geometry(203, 64, 16, 3);
        // 13 chunks: partition ⌊c·3/13⌋ holds chunks 0-4, 5-8, 9-12; batch 1 is chunks 4-7
        assertEquals(0, g.partitionOf(4));
        assertEquals(1, g.partitionOf(7));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2},
                java.util.stream.IntStream.range(0, 13).map(g::partitionOf).toArray());
    }
}
