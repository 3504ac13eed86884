package dev.backprop.spark;

import dev.backprop.io.CheckpointFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import dev.backprop.train.TrainingListener;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints of a run on Spark at a Hadoop path ({@code file:} URIs in a temporary directory,
 * through Hadoop's local file system): a run stopped after some steps and resumed from its last
 * checkpoint ends with the bits and the per-epoch losses of a run that never stopped; a checkpoint
 * written on Spark resumes on the local trainer and the other way round; a resume with other
 * settings or data, or from a damaged file, is refused in one line.
 */
class CheckpointTest {
    @TempDir
    Path dir;

    /** 203 cases in batches of 40 (chunks of 16): 6 steps an epoch, 18 in 3 epochs. */
    static TrainingConfig.Builder builder(Optimizer optimizer) {
        return SameBitsTest.builder(Loss.softmaxCrossEntropy(), optimizer, 40, true);
    }

    static Network network() {
        return SameBitsTest.network(3, Activation.tanh(), Activation.softmax());
    }

    /** The network with other weights: a resume replaces them, a fit from scratch would train them. */
    static Network otherWeights() {
        return network().initialize(dev.backprop.nn.Initializer.xavier(), 99);
    }

    /** Thrown by a listener to stop a run the way a crash would: between two steps. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stopped by the test", null, false, false);
        }
    }

    /** Stops a run after its 11th step; with a checkpoint every 4 steps the last is at step 8, in epoch 1. */
    static TrainingListener stopAfter11() {
        long[] steps = {0};
        return new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                if (++steps[0] == 11) {
                    throw new Stop();
                }
            }
        };
    }

    private String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    static void sameRun(History expected, Network straight, History got, Network resumed, String what) {
        assertArrayEquals(straight.parameters(), resumed.parameters(), what);
        assertArrayEquals(expected.trainLoss(), got.trainLoss(), what);
        assertEquals(expected.epochs().size(), got.epochs().size(), what);
        for (int e = 0; e < expected.epochs().size(); e++) {
            assertEquals(expected.epochs().get(e).trainAccuracy(), got.epochs().get(e).trainAccuracy(), what);
            assertEquals(expected.epochs().get(e).checksum(), got.epochs().get(e).checksum(), what);
        }
    }

    @Test
    void aStoppedRunResumedFromItsHadoopCheckpointEndsWithTheBitsOfAnUninterruptedRun() throws Exception {
        var frame = Frames.classificationFrame();
        for (Optimizer optimizer : new Optimizer[] {new Adam(0.01f), new Momentum(0.05f, 0.9f)}) {
            String what = optimizer.describe();
            Network straight = network();
            History expected = new Trainer(builder(optimizer.fresh()).build()).fit(straight, Frames.classification());

            String path = uri(optimizer.describe().substring(0, 4) + "/run.ckpt");   // its directory is created
            SparkTrainer stopping = new SparkTrainer(builder(optimizer.fresh()).listener(stopAfter11()).build(), 3)
                    .withCheckpoints(path, 4);
            assertThrows(Stop.class, () -> stopping.fitClassifier(network(), frame, "features", "label"), what);
            Checkpoint c = HadoopCheckpoints.load(path, new Configuration());
            assertEquals(8, c.optimizer().steps(), what + ": the last checkpoint before the stop");
            assertFalse(c.progress().epochFinished(), what + ": in the middle of an epoch");

            Network resumed = otherWeights();
            History h = new SparkTrainer(builder(optimizer.fresh()).build(), 2).withCheckpoints(path, 4)
                    .resumeClassifier(path, resumed, frame, "features", "label");
            sameRun(expected, straight, h, resumed, what);
            assertArrayEquals(straight.parameters(), HadoopCheckpoints.load(path, new Configuration()).network()
                    .parameters(), what + ": the last checkpoint is the end of the run");
            try (var files = Files.list(Path.of(java.net.URI.create(path)).getParent())) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), what);
            }
        }
    }

    @Test
    void aCheckpointWrittenOnSparkResumesLocallyAndOneWrittenLocallyResumesOnSpark() throws Exception {
        var frame = Frames.classificationFrame();
        Network straight = network();
        History expected = new Trainer(builder(new Adam(0.01f)).build()).fit(straight, Frames.classification());

        String path = uri("spark.ckpt");
        SparkTrainer stopping = new SparkTrainer(builder(new Adam(0.01f)).listener(stopAfter11()).build(), 3)
                .withCheckpoints(path, 4);
        assertThrows(Stop.class, () -> stopping.fitClassifier(network(), frame, "features", "label"));
        Checkpoint fromSpark = CheckpointFile.load(dir.resolve("spark.ckpt"));
        assertEquals(Checkpoint.settingsOf(builder(new Adam(0.01f)).build(), Frames.classification(), null),
                fromSpark.settings(), "the fingerprint of the same cases in a local Dataset");
        Network local = otherWeights();
        History h = new Trainer(builder(new Adam(0.01f)).build()).resume(fromSpark, local, Frames.classification());
        sameRun(expected, straight, h, local, "written on Spark, resumed locally");

        Path file = dir.resolve("local.ckpt");
        TrainingConfig stopLocally = builder(new Adam(0.01f)).listener(stopAfter11())
                .checkpointEvery(4, CheckpointFile.store(file)).build();
        assertThrows(Stop.class, () -> new Trainer(stopLocally).fit(network(), Frames.classification()));
        Network spark = otherWeights();
        History g = new SparkTrainer(builder(new Adam(0.01f)).build(), 13).resumeClassifier(file.toUri().toString(),
                spark, frame, "features", "label");
        sameRun(expected, straight, g, spark, "written locally, resumed on Spark");
    }

    @Test
    void theCasesChecksumIsTheLocalDatasetsForDataFrameOrderAndForAnIndexColumn() {
        String local = Checkpoint.settingsOf(builder(new Adam(0.01f)).build(), Frames.classification(), null)
                .get("train_crc32c");
        var inOrder = Cases.of(Frames.classificationFrame().repartition(1), "features", "label", Frames.INPUTS, 3,
                true, null);
        var scattered = Cases.of(Frames.classificationFrameWithIds().repartition(3), "features", "label",
                Frames.INPUTS, 3, true, "id");
        assertEquals(local, CasesCrc.of(inOrder, Frames.CASES, Frames.INPUTS, 3));
        assertEquals(local, CasesCrc.of(scattered, Frames.CASES, Frames.INPUTS, 3));
        var regression = Cases.of(Frames.regressionFrame(), "features", "target", Frames.INPUTS, 2, false, null);
        assertEquals(Checkpoint.settingsOf(builder(new Adam(0.01f)).build(), Frames.regression(), null)
                .get("train_crc32c"), CasesCrc.of(regression, Frames.CASES, Frames.INPUTS, 2));
    }

    @Test
    void resumingWithOtherSettingsOrDataIsRefusedInOneLineNamingTheDifference() throws Exception {
        var frame = Frames.classificationFrame();
        String path = uri("run.ckpt");
        new SparkTrainer(builder(new Adam(0.01f)).epochs(1).build(), 2).withCheckpoints(path, 4)
                .fitClassifier(network(), frame, "features", "label");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(builder(new Momentum(0.05f, 0.9f)).build(), 2)
                        .resumeClassifier(path, network(), frame, "features", "label"));
        assertTrue(e.getMessage().startsWith("cannot resume: the checkpoint's run had optimizer=adam(")
                && e.getMessage().contains("this run has optimizer=momentum(eta=0.05"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        List<Row> rows = frame.collectAsList();
        var other = SparkSessions.get().createDataFrame(rows.subList(1, rows.size()), frame.schema())
                .union(SparkSessions.get().createDataFrame(rows.subList(0, 1), frame.schema()));
        e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(builder(new Adam(0.01f)).build(), 2)
                .resumeClassifier(path, network(), other, "features", "label"));
        assertTrue(e.getMessage().startsWith("cannot resume: the checkpoint's run had train_crc32c="), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aDamagedOrMissingCheckpointIsRefusedInOneLineNamingThePath() throws Exception {
        var frame = Frames.classificationFrame();
        String path = uri("run.ckpt");
        new SparkTrainer(builder(new Adam(0.01f)).epochs(1).build(), 2).withCheckpoints(path, 4)
                .fitClassifier(network(), frame, "features", "label");
        Path file = dir.resolve("run.ckpt");
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[flipped.length - 9] ^= 1;
        Configuration conf = SparkSessions.get().sparkContext().hadoopConfiguration();

        // damaged in the file itself: Hadoop's checksum of the local file no longer matches
        Files.write(file, flipped);
        assertRefused(path, "checkpoint " + path.replace("file:///", "file:/") + " is damaged: ");
        // damaged before Hadoop wrote it: the checkpoint's own checks name the path, the byte and the tensor
        FileSystem fs = new org.apache.hadoop.fs.Path(path).getFileSystem(conf);
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(flipped);
        }
        assertRefused(path, path.replace("file:///", "file:/") + ": byte ");
        assertRefused(uri("none.ckpt"), "no checkpoint at " + uri("none.ckpt").replace("file:///", "file:/"));
    }

    private static void assertRefused(String path, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(builder(new Adam(0.01f)).build(), 2)
                        .resumeClassifier(path, network(), Frames.classificationFrame(), "features", "label"));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aSaveReplacesTheFileOnlyOnceTheNewCheckpointIsWhole() throws Exception {
        String path = uri("keep.ckpt");
        Configuration conf = SparkSessions.get().sparkContext().hadoopConfiguration();
        HadoopCheckpoints store = new HadoopCheckpoints(path, conf);
        Path file = dir.resolve("keep.ckpt");
        var frame = Frames.classificationFrame();
        new SparkTrainer(builder(new Adam(0.01f)).epochs(1).build(), 2).withCheckpoints(path, 4)
                .fitClassifier(network(), frame, "features", "label");
        byte[] before = Files.readAllBytes(file);
        Checkpoint c = HadoopCheckpoints.load(path, conf);
        Files.write(dir.resolve(".keep.ckpt.tmp"), new byte[] {1, 2, 3});     // a killed writer's leftover
        float[] w = c.network().parameters();
        w[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> store.save(c));
        assertArrayEquals(before, Files.readAllBytes(file), "a save that fails leaves the old checkpoint");
        assertFalse(Files.exists(dir.resolve(".keep.ckpt.tmp")), "nor a temporary file");
        w[0] = 0.5f;
        store.save(c);
        assertEquals(0.5f, HadoopCheckpoints.load(path, conf).network().parameters()[0]);
        assertFalse(Files.exists(dir.resolve(".keep.ckpt.tmp")));
    }

    @Test
    void anEstimatorThatResumesContinuesTheRunWithTheBitsOfOneFit() throws Exception {
        String path = uri("estimator/run.ckpt");
        Configuration conf = SparkSessions.get().sparkContext().hadoopConfiguration();
        BackpropClassificationModel expected = EstimatorTest.classifier().setMaxIter(3)
                .fit(Frames.classificationFrame());
        // a first attempt that ended after one epoch, then the same pipeline code run again for 3
        EstimatorTest.classifier().setMaxIter(1).setCheckpointPath(path).setCheckpointInterval(2).setResume(true)
                .fit(Frames.classificationFrame());
        Checkpoint c = HadoopCheckpoints.load(path, conf);
        assertEquals(1, c.epochs().size());
        // marks the epoch done: a fit that resumes keeps this record, a fit from scratch measures its own
        EpochRecord r = c.epochs().get(0);
        new HadoopCheckpoints(path, conf).save(new Checkpoint(c.network(), c.optimizer(), c.progress(),
                List.of(new EpochRecord(0, 42, r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(),
                        r.learningRate(), r.seconds(), r.checksum())), c.earlyStopping(), c.settings()));
        BackpropClassificationModel resumed = EstimatorTest.classifier().setMaxIter(3).setCheckpointPath(path)
                .setCheckpointInterval(2).setResume(true).fit(Frames.classificationFrame());
        assertArrayEquals(expected.network().parameters(), resumed.network().parameters());
        assertEquals(42, resumed.trainLoss()[0], 0, "epoch 0 from the checkpoint");
        assertArrayEquals(java.util.Arrays.copyOfRange(expected.trainLoss(), 1, 3),
                java.util.Arrays.copyOfRange(resumed.trainLoss(), 1, 3));
        // resume off: a new run, which replaces the checkpoint
        BackpropClassificationModel again = EstimatorTest.classifier().setMaxIter(1).setCheckpointPath(path)
                .setCheckpointInterval(2).fit(Frames.classificationFrame());
        assertEquals(expected.trainLoss()[0], again.trainLoss()[0], 0);
        assertEquals(expected.trainLoss()[0], HadoopCheckpoints.load(path, conf).epochs().get(0).trainLoss(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EstimatorTest.classifier()
                .setCheckpointPath(path).setCheckpointInterval(0).fit(Frames.classificationFrame()));
        assertEquals("checkpointInterval must be >= 1, or -1 for no checkpoints; got 0", e.getMessage());
    }
}
