package dev.backprop.spark;

import dev.backprop.nn.Network;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a network on a Spark DataFrame, data-parallel, with the same bits as
 * {@link Trainer#fit(Network, dev.backprop.data.Dataset)} on the same cases in DataFrame order
 * (with kernels of the same {@linkplain dev.backprop.math.Kernels#kind() kind} on the executors),
 * for any number of partitions: each step's batch gradient is computed on the executors, chunk by
 * chunk, and added on the driver in the core's fixed tree; the epochs, the shuffling, the schedule,
 * the listeners, the history, the optimizer and the checkpoints run on the driver as they do
 * locally.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.01f))
 *         .epochs(10).batchSize(4096).seed(1).build();
 * History history = new SparkTrainer(config, 8).fitClassifier(network, frame, "features", "label");
 * }</pre>
 *
 * <p>Case i is the i-th row in DataFrame order, or the row whose {@linkplain #withIndexCol index
 * column} holds i.
 *
 * <p>Checkpoints go to any Hadoop path ({@link #withCheckpoints}) in the core's checkpoint file
 * format, and a run continues from one with {@link #resumeClassifier} or {@link #resumeRegressor}
 * with the bits of a run that never stopped. Their fingerprint holds the cases' CRC-32C, the same
 * as a local run's on those cases, so a checkpoint of a run on Spark resumes with the local
 * {@link Trainer} ({@code CheckpointFile.load}) and one of a local run without validation data
 * resumes here.
 *
 * <p>Not yet: validation data and early stopping (the configuration must leave them off), and
 * batches of one case with an optimizer that fuses its step.
 */
public final class SparkTrainer {
    private final TrainingConfig config;
    private final int partitions;
    private final String indexCol;
    private final String checkpointPath;
    private final int checkpointEvery;

    /**
     * @param config the settings, as for the local {@link Trainer}
     * @param partitions partitions to spread the packed cases over, ≥ 1; the bits do not depend on it
     */
    public SparkTrainer(TrainingConfig config, int partitions) {
        this(config, partitions, null, null, 0);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
    }

    private SparkTrainer(TrainingConfig config, int partitions, String indexCol, String checkpointPath,
                         int checkpointEvery) {
        this.config = config;
        this.partitions = partitions;
        this.indexCol = indexCol;
        this.checkpointPath = checkpointPath;
        this.checkpointEvery = checkpointEvery;
    }

    /**
     * Takes each row's case index from a column instead of the DataFrame's order, so that data
     * whose order Spark does not keep (after a repartition or a join) trains as the local trainer
     * does on the cases in index order.
     *
     * @param column an int or bigint column holding 0..n−1, each once
     * @return a trainer that reads the index from that column
     */
    public SparkTrainer withIndexCol(String column) {
        return new SparkTrainer(config, partitions, java.util.Objects.requireNonNull(column, "column"),
                checkpointPath, checkpointEvery);
    }

    /**
     * Writes a checkpoint of the run every {@code everySteps} optimizer steps and at the end of
     * every epoch, as {@link TrainingConfig.Builder#checkpointEvery} does locally (in place of the
     * configuration's own checkpoints), to a Hadoop path through the Hadoop configuration of the
     * frame's SparkSession. Each checkpoint replaces the previous one only once it is complete.
     *
     * @param hadoopPath the checkpoint file, for example {@code hdfs:///runs/a.ckpt} or
     *        {@code file:/tmp/a.ckpt}; its directory is created when missing
     * @param everySteps steps between checkpoints, ≥ 1 ({@link Integer#MAX_VALUE}: at epoch ends only)
     * @return a trainer that writes them
     */
    public SparkTrainer withCheckpoints(String hadoopPath, int everySteps) {
        if (everySteps < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 step, got " + everySteps);
        }
        return new SparkTrainer(config, partitions, indexCol,
                java.util.Objects.requireNonNull(hadoopPath, "checkpoint path"), everySteps);
    }

    /**
     * Trains a classifier: the labels are class indices, one-hot over the network's outputs (with
     * one output, 0 or 1).
     *
     * @param network trained in place
     * @param frame the training data, in its row order
     * @param featuresCol a column of {@code org.apache.spark.ml.linalg} vectors, one value per input
     * @param labelCol a numeric column of class indices
     * @return the history
     * @throws IllegalArgumentException for bad input, in one line naming the column
     */
    public History fitClassifier(Network network, Dataset<Row> frame, String featuresCol, String labelCol) {
        return run(network, frame, featuresCol, labelCol, true, null).history();
    }

    /**
     * Trains a regressor: the targets are a numeric column (one output) or a vector column.
     *
     * @param network trained in place
     * @param frame the training data, in its row order
     * @param featuresCol a column of {@code org.apache.spark.ml.linalg} vectors, one value per input
     * @param labelCol the targets, one value per output
     * @return the history
     * @throws IllegalArgumentException for bad input, in one line naming the column
     */
    public History fitRegressor(Network network, Dataset<Row> frame, String featuresCol, String labelCol) {
        return run(network, frame, featuresCol, labelCol, false, null).history();
    }

    /**
     * What a run gives besides the trained network.
     *
     * @param history the epochs' figures
     * @param steps the optimizer's steps
     * @param kernelKind the kernel kind every task reported
     */
    record Run(History history, long steps, String kernelKind) {
    }

    /**
     * Continues the classifier run whose checkpoint is at {@code hadoopPath}, as
     * {@link Trainer#resume(dev.backprop.train.Checkpoint, Network, dev.backprop.data.Dataset)}
     * does: the final parameters, the history and the per-epoch losses are bit for bit those of
     * the run had it never stopped. The checkpoint may come from a run on Spark or from a local run
     * on the same cases without validation data. The run keeps writing checkpoints if this trainer
     * {@linkplain #withCheckpoints writes them} (to the same path or another).
     *
     * @param hadoopPath the checkpoint file
     * @param network receives the checkpoint's parameters and is trained in place; the same shape
     *        and activations as the checkpoint's network
     * @param frame the training data of the original run, in its row order
     * @param featuresCol a column of {@code org.apache.spark.ml.linalg} vectors, one value per input
     * @param labelCol a numeric column of class indices
     * @return the history of the whole run, the checkpoint's epochs included
     * @throws IllegalArgumentException in one line: if the checkpoint is missing or damaged (naming
     *         the path), or the settings, cases, network or schedule differ from the checkpoint's
     *         run (naming the first difference), or for bad input (naming the column)
     */
    public History resumeClassifier(String hadoopPath, Network network, Dataset<Row> frame, String featuresCol,
                                    String labelCol) {
        return run(network, frame, featuresCol, labelCol, true,
                java.util.Objects.requireNonNull(hadoopPath, "checkpoint path")).history();
    }

    /**
     * Continues the regressor run whose checkpoint is at {@code hadoopPath}, as
     * {@link #resumeClassifier} does for a classifier.
     *
     * @param hadoopPath the checkpoint file
     * @param network receives the checkpoint's parameters and is trained in place
     * @param frame the training data of the original run, in its row order
     * @param featuresCol a column of {@code org.apache.spark.ml.linalg} vectors, one value per input
     * @param labelCol the targets, one value per output
     * @return the history of the whole run
     * @throws IllegalArgumentException as for {@link #resumeClassifier}
     */
    public History resumeRegressor(String hadoopPath, Network network, Dataset<Row> frame, String featuresCol,
                                   String labelCol) {
        return run(network, frame, featuresCol, labelCol, false,
                java.util.Objects.requireNonNull(hadoopPath, "checkpoint path")).history();
    }

    /**
     * A fit, or a resume from the checkpoint at {@code resumeFrom} (null: a new run), as
     * {@link #fitClassifier} or {@link #fitRegressor} does. The checkpoint is read before the data,
     * so that a missing or damaged one fails at once.
     *
     * @param network trained in place
     * @param frame the training data
     * @param featuresCol the features column
     * @param labelCol the labels or targets
     * @param classification whether the labels are class indices
     * @param resumeFrom the checkpoint to continue, or null
     * @return the history, the steps and the kernel kind
     */
    Run run(Network network, Dataset<Row> frame, String featuresCol, String labelCol, boolean classification,
            String resumeFrom) {
        Configuration hadoop = frame.sparkSession().sparkContext().hadoopConfiguration();
        Checkpoint from = resumeFrom == null ? null : HadoopCheckpoints.load(resumeFrom, hadoop);
        Trainer trainer = new Trainer(checkpointPath == null ? config
                : config.withCheckpoints(checkpointEvery, new HadoopCheckpoints(checkpointPath, hadoop)));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        JavaPairRDD<Long, float[]> cases = Cases.of(frame, featuresCol, labelCol, network.inputSize(),
                network.outputSize(), classification, indexCol).persist(StorageLevel.MEMORY_ONLY());
        try {
            int count = Math.toIntExact(checked(cases::count));
            if (count == 0) {
                throw new IllegalArgumentException("the data has no rows");
            }
            if (indexCol != null) {
                checked(() -> {
                    Cases.checkIndices(cases, count, indexCol);
                    return null;
                });
            }
            try (SparkGradients gradients = new SparkGradients(jsc, cases, count, network, config, partitions,
                    classification)) {
                History history = checked(() -> from == null ? trainer.fit(network, gradients)
                        : trainer.resume(from, network, gradients));
                return new Run(history, gradients.steps(), gradients.kernelKind());
            }
        } finally {
            cases.unpersist(false);
        }
    }

    /** Runs a Spark action; bad input found in a task comes back as its own one-line exception. */
    private static <T> T checked(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {     // Spark's actions throw SparkException, a checked exception they do not declare
            for (Throwable t = e.getCause(); t != null && e instanceof SparkException; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException(t.getMessage(), e);
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
