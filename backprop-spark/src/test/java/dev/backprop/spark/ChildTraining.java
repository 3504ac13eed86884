package dev.backprop.spark;

import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training a test runs in a JVM of its own, where the master differs from the shared
 * session's (task retries, separate executor JVMs); the parent runs the same training on the
 * local trainer. Public because SparkSubmit calls its main by reflection. The child writes the trained network as a model file and the count of failed
 * task attempts, for the parent to compare.
 */
public final class ChildTraining {
    static final int PARTITIONS = 3;

    private ChildTraining() {
    }

    static Network network() {
        return SameBitsTest.network(3, Activation.tanh(), Activation.softmax());
    }

    /** Shuffled mini-batches with Adam: 4 steps an epoch, 12 in all; a step runs on the partitions holding its batch. */
    static TrainingConfig config() {
        return SameBitsTest.config(Loss.softmaxCrossEntropy(), new Adam(0.01f), 64, true);
    }

    /**
     * @param args the model file to write, then the file for the count of failed task attempts;
     *        the master and any other settings come from the {@code spark.*} system properties
     *        (as {@code SparkSubmit} passes them)
     */
    public static void main(String[] args) throws Exception {
        SparkSession session = SparkSession.builder().appName("backprop-spark child")
                .config("spark.ui.enabled", "false").getOrCreate();
        AtomicInteger failed = new AtomicInteger();
        session.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        });
        Network network = network();
        new SparkTrainer(config(), PARTITIONS).fitClassifier(network, Frames.classificationFrame(), "features",
                "label");
        ModelFile.save(Path.of(args[0]), Model.of(network, Loss.softmaxCrossEntropy(), 5));
        // Listener events arrive on a thread of their own; stopping the context delivers the rest.
        session.stop();
        Files.writeString(Path.of(args[1]), Integer.toString(failed.get()));
    }
}
