package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.io.CheckpointFile;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run stopped at a checkpoint and resumed from the file, in a fresh network and optimizer, ends
 * with the bits of the run that was never stopped.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    /** Thrown by a listener to stop a run the way a crash would: between two steps. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stopped by the test", null, false, false);
        }
    }

    /** One scenario: settings (with a fresh optimizer each time) and where to stop. */
    record Scenario(String name, Supplier<Optimizer> optimizer, int batch, int chunk, double split, int patience,
                    int epochs, int every, long stopAfterStep) {
        TrainingConfig.Builder builder(Kernels kernels) {
            TrainingConfig.Builder b = TrainingConfig.builder(Loss.softmaxCrossEntropy(), optimizer.get())
                    .batchSize(batch).chunkSize(chunk).epochs(epochs).seed(11).validationSplit(split)
                    .schedule(LearningRateSchedule.step(2, 0.7)).kernels(kernels);
            if (patience > 0) {
                b.earlyStopping(patience, 0);
            }
            return b;
        }
    }

    static Network network() {
        return TrainerTest.net(21);
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                // 45 training cases in batches of 7: 7 steps per epoch; the last checkpoint before step 17
                // is after step 15, batch 1 of epoch 2
                new Scenario("sgd", () -> new GradientDescent(0.3f), 7, 256, 0.25, 3, 6, 3, 17),
                new Scenario("momentum", () -> new Momentum(0.05f, 0.9f), 7, 3, 0.25, 3, 6, 3, 17),
                new Scenario("adam", () -> new Adam(0.02f), 7, 4, 0.25, 3, 6, 3, 17),
                // batch 1 with plain gradient descent takes the fused backward-and-step path
                new Scenario("online sgd", () -> new GradientDescent(0.1f), 1, 256, 0.25, 0, 4, 10, 107),
                // one step per epoch (7 chunks): only epoch-end checkpoints
                new Scenario("full batch adam", () -> new Adam(0.05f), Integer.MAX_VALUE, 7, 0.25, 2, 6, 5, 4),
                // a learning rate far too large: early stopping ends the run after a few epochs
                new Scenario("early stop", () -> new GradientDescent(30f), 5, 256, 0.3, 2, 50, 2, 23));
    }

    @Test
    void resumingFromAFileGivesTheBitsOfAnUninterruptedRunOnOneOrTwoThreads() throws Exception {
        Dataset data = TrainerTest.small();
        for (Scenario s : scenarios().toList()) {
            for (int threads = 1; threads <= 2; threads++) {
                Kernels first = Kernels.create(threads);
                Kernels second = Kernels.create(3 - threads);
                String what = s.name() + ", " + threads + " then " + (3 - threads) + " threads";

                Network straight = network();
                History expected = new Trainer(s.builder(first).build()).fit(straight, data);

                Path file = dir.resolve(s.name().replace(' ', '-') + "-" + threads + ".ckpt");
                Network stopped = network();
                long[] steps = {0};
                TrainingConfig interrupted = s.builder(first).checkpointEvery(s.every(), CheckpointFile.store(file))
                        .listener(new TrainingListener() {
                            @Override
                            public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                                if (++steps[0] == s.stopAfterStep()) {
                                    throw new Stop();
                                }
                            }
                        }).build();
                assertThrows(Stop.class, () -> new Trainer(interrupted).fit(stopped, data), what);

                Checkpoint c = CheckpointFile.load(file);
                long at = s.stopAfterStep() - 1 - (s.stopAfterStep() - 1) % s.every();
                if (s.batch() < Integer.MAX_VALUE) {
                    assertEquals(at, c.optimizer().steps(), what + ": the last checkpoint before the stop");
                    assertFalse(c.progress().epochFinished(), what + ": a checkpoint in the middle of an epoch");
                } else {
                    assertTrue(c.progress().epochFinished(), what);
                }
                assertEquals(c.progress().epoch(), c.epochs().size() - (c.progress().epochFinished() ? 1 : 0), what);

                // a fresh network and a fresh optimizer, everything else from the file
                Network resumed = c.network();
                History h = new Trainer(s.builder(second).checkpointEvery(s.every(), CheckpointFile.store(file)).build())
                        .resume(c, resumed, data);
                assertBitsEqual(straight.parameters(), resumed.parameters(), what);
                assertEquals(expected.epochs().size(), h.epochs().size(), what);
                assertEquals(expected.stoppedEarly(), h.stoppedEarly(), what);
                assertEquals(expected.bestEpoch(), h.bestEpoch(), what);
                for (int e = 0; e < h.epochs().size(); e++) {
                    EpochRecord x = expected.epochs().get(e);
                    EpochRecord y = h.epochs().get(e);
                    assertEquals(x.checksum(), y.checksum(), what + ", epoch " + e);
                    assertEquals(x.trainLoss(), y.trainLoss(), 0, what + ", epoch " + e);
                    assertEquals(x.trainAccuracy(), y.trainAccuracy(), 0, what + ", epoch " + e);
                    assertEquals(x.validationLoss(), y.validationLoss(), 0, what + ", epoch " + e);
                    assertEquals(x.learningRate(), y.learningRate(), 0, what + ", epoch " + e);
                }
                // the last checkpoint is the end of the run: resuming it again trains nothing
                Checkpoint end = CheckpointFile.load(file);
                assertTrue(end.progress().epochFinished(), what);
                assertBitsEqual(straight.parameters(), end.network().parameters(), what + ": final checkpoint");
                Network again = end.network();
                History none = new Trainer(s.builder(second).build()).resume(end, again, data);
                assertBitsEqual(straight.parameters(), again.parameters(), what + ": resuming a finished run");
                assertEquals(expected.epochs().size(), none.epochs().size());
            }
        }
        // the early-stop scenario really stopped early, after its best epoch
        Network n = network();
        Scenario early = scenarios().filter(x -> x.name().equals("early stop")).findFirst().orElseThrow();
        History h = new Trainer(early.builder(Kernels.scalar()).build()).fit(n, data);
        assertTrue(h.stoppedEarly() && h.epochs().size() > 3 && h.bestEpoch() > 0, h.epochs().toString());
    }

    static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int j = 0; j < expected.length; j++) {
            if (Float.floatToRawIntBits(expected[j]) != Float.floatToRawIntBits(actual[j])) {
                throw new AssertionError(what + ": parameter " + j + " is " + actual[j] + ", expected " + expected[j]);
            }
        }
    }

    @Test
    void aResumedRunThatIsNotGivenTheSameStateDiverges() throws Exception {
        // The test above would pass vacuously if resuming ignored the saved state and the run were
        // insensitive to it; here each piece of state is disturbed and the bits must change.
        Dataset data = TrainerTest.small();
        Scenario s = scenarios().filter(x -> x.name().equals("adam")).findFirst().orElseThrow();
        Network straight = network();
        new Trainer(s.builder(Kernels.scalar()).build()).fit(straight, data);
        Path file = dir.resolve("adam.ckpt");
        long[] steps = {0};
        assertThrows(Stop.class, () -> new Trainer(s.builder(Kernels.scalar()).checkpointEvery(3, CheckpointFile.store(file))
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                        if (++steps[0] == 17) {
                            throw new Stop();
                        }
                    }
                }).build()).fit(network(), data));
        Checkpoint c = CheckpointFile.load(file);
        List<Checkpoint> disturbed = List.of(
                with(c, c.progress().rngState() + 1),
                new Checkpoint(c.network(), new Checkpoint.OptimizerState(c.optimizer().description(),
                        c.optimizer().steps() + 1, c.optimizer().state()), c.progress(), c.epochs(), c.earlyStopping(),
                        c.settings()),
                new Checkpoint(c.network(), new Checkpoint.OptimizerState(c.optimizer().description(),
                        c.optimizer().steps(), new float[][] {new float[c.optimizer().state()[0].length],
                            c.optimizer().state()[1]}), c.progress(), c.epochs(), c.earlyStopping(), c.settings()));
        for (Checkpoint d : disturbed) {
            Network n = d.network().copy();
            new Trainer(s.builder(Kernels.scalar()).build()).resume(d, n, data);
            assertFalse(java.util.Arrays.equals(straight.parameters(), n.parameters()));
        }
        Network n = c.network().copy();
        new Trainer(s.builder(Kernels.scalar()).build()).resume(c, n, data);
        assertArrayEquals(straight.parameters(), n.parameters());
    }

    private static Checkpoint with(Checkpoint c, long rngState) {
        Checkpoint.Progress p = c.progress();
        return new Checkpoint(c.network(), c.optimizer(), new Checkpoint.Progress(p.epoch(), p.batch(), p.position(),
                p.order(), rngState, p.epochError(), p.epochCorrect(), p.learningRate(), p.epochSeconds()),
                c.epochs(), c.earlyStopping(), c.settings());
    }

    @Test
    void resumingWithOtherSettingsDataNetworkOrScheduleIsRefused() throws Exception {
        Dataset data = TrainerTest.small();
        Scenario s = scenarios().filter(x -> x.name().equals("momentum")).findFirst().orElseThrow();
        Path file = dir.resolve("m.ckpt");
        new Trainer(s.builder(Kernels.scalar()).epochs(2).checkpointEvery(4, CheckpointFile.store(file)).build())
                .fit(network(), data);
        Checkpoint c = CheckpointFile.load(file);
        Kernels k = Kernels.scalar();
        String m = refused(c, s.builder(k).batchSize(8), data, network());
        assertTrue(m.contains("batch_size=7") && m.contains("batch_size=8"), m);
        m = refused(c, s.builder(k).seed(12), data, network());
        assertTrue(m.contains("seed=11") && m.contains("seed=12"), m);
        m = refused(c, TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.8f)).batchSize(7)
                .chunkSize(3).epochs(6).seed(11).validationSplit(0.25).earlyStopping(3, 0)
                .schedule(LearningRateSchedule.step(2, 0.7)), data, network());
        assertTrue(m.contains("optimizer=momentum(eta=0.05, alpha=0.9)"), m);
        m = refused(c, s.builder(k).schedule(LearningRateSchedule.step(1, 0.7)), data, network());
        assertTrue(m.contains("learning-rate schedule") && m.contains("epoch 1"), m);
        Dataset other = TrainerTest.small();
        other.x()[0] += 1;
        m = refused(c, s.builder(k), other, network());
        assertTrue(m.contains("train_crc32c") || m.contains("validation_crc32c"), m);
        m = refused(c, s.builder(k), data, Network.builder(4).layer(6, Activation.tanh())
                .layer(2, Activation.softmax()).build());
        assertTrue(m.contains("4,5,2 (tanh,softmax)") && m.contains("4,6,2"), m);
        Path tagged = dir.resolve("tagged.ckpt");
        new Trainer(s.builder(k).epochs(1).fingerprint("data", "a.csv").checkpointEvery(4, CheckpointFile.store(tagged))
                .build())
                .fit(network(), data);
        Checkpoint t = CheckpointFile.load(tagged);
        assertEquals("a.csv", t.settings().get("extra.data"));
        m = refused(t, s.builder(k).fingerprint("data", "b.csv"), data, network());
        assertTrue(m.contains("extra.data=a.csv") && m.contains("extra.data=b.csv"), m);
        m = refused(t, s.builder(k), data, network());
        assertTrue(m.contains("extra.data=a.csv") && m.contains("extra.data=null"), m);
        // the same settings with more epochs extend the run
        Network n = c.network();
        History h = new Trainer(s.builder(k).epochs(3).build()).resume(c, n, data);
        assertEquals(3, h.epochs().size());
    }

    private static String refused(Checkpoint c, TrainingConfig.Builder b, Dataset data, Network net) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(b.build()).resume(c, net, data));
        assertTrue(e.getMessage().startsWith("cannot resume: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aLossThatBecomesNanLeavesTheLastGoodCheckpointOnDisk() throws Exception {
        // s = w + b doubles in size fivefold a step (s ← s − 6 s with η = 3 on ½(w + b)²), until
        // the step that overflows the parameters to infinity; the loss is infinite one step later.
        Dataset data = Dataset.of(new float[][] {{1}, {1}, {1}, {1}}, new float[][] {{0}, {0}, {0}, {0}});
        for (int every : new int[] {1, Integer.MAX_VALUE}) {
            Path file = dir.resolve("nan-" + every + ".ckpt");
            Network net = Network.builder(1).layer(1, Activation.identity()).build();
            net.setParameters(new float[] {1f, 0f});
            List<float[]> afterStep = new java.util.ArrayList<>();
            List<float[]> afterEpoch = new java.util.ArrayList<>();
            TrainingConfig config = TrainingConfig.builder(Loss.squaredError(), new GradientDescent(3f))
                    .batchSize(1).shuffle(false).epochs(1000).checkpointEvery(every, CheckpointFile.store(file))
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                            afterStep.add(net.parameters().clone());
                        }

                        @Override
                        public void onEpochEnd(EpochRecord r) {
                            afterEpoch.add(net.parameters().clone());
                        }
                    }).build();
            TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(config).fit(net, data));
            assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
            assertFalse(finite(net.parameters()), "the run diverged: " + e.getMessage());
            Checkpoint c = CheckpointFile.load(file);
            float[] good = null;
            for (float[] w : every == 1 ? afterStep : afterEpoch) {
                if (finite(w)) {
                    good = w;
                }
            }
            assertArrayEquals(good, c.network().parameters(), e.getMessage());
            assertTrue(Math.abs(good[0]) > 1e30f, "the last good state is shortly before the overflow: " + good[0]);
            assertTrue(e.getMessage().contains(" became "), e.getMessage());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList());
            }
        }
    }

    private static boolean finite(float[] w) {
        for (float v : w) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void checksumsRecordTheParametersOfEveryEpoch() throws Exception {
        Dataset data = TrainerTest.small();
        List<String> seen = new java.util.ArrayList<>();
        Network a = network();
        TrainingConfig.Builder b = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(4).seed(3).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord r) {
                        seen.add(EpochRecord.checksum(a.parameters()));
                    }
                });
        History ha = new Trainer(b.build()).fit(a, data);
        History hb = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(4).seed(3).build()).fit(network(), data);
        History hc = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Momentum(0.05f, 0.9f))
                .batchSize(7).epochs(4).seed(4).build()).fit(network(), data);
        List<String> ca = ha.epochs().stream().map(EpochRecord::checksum).toList();
        assertEquals(seen, ca);
        assertEquals(4, new java.util.HashSet<>(ca).size(), "every epoch changes the weights: " + ca);
        assertEquals(ca, hb.epochs().stream().map(EpochRecord::checksum).toList());
        List<String> cc = hc.epochs().stream().map(EpochRecord::checksum).toList();
        for (int e = 0; e < 4; e++) {
            assertFalse(ca.get(e).equals(cc.get(e)), "epoch " + e + ": seed 3 and seed 4 give " + ca + " and " + cc);
        }
        assertEquals(ca.get(3), EpochRecord.checksum(a.parameters()));
    }

    @Test
    void theChecksumIsTheCrc32cOfTheLittleEndianFloats() {
        float[] w = {1f, -2.5f, 0f, Float.MIN_VALUE, 3.4e38f};
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * w.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : w) {
            bytes.putFloat(v);
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes.array());
        assertEquals(String.format("%08x", crc.getValue()), EpochRecord.checksum(w));
        // the standard CRC-32C check value: "123456789" → e3069283; 1.0f is 00 00 80 3f
        crc.reset();
        crc.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xe3069283L, crc.getValue());
        assertNotNull(EpochRecord.checksum(new float[0]));
        assertEquals("00000000", EpochRecord.checksum(new float[0]));
        // a big vector crosses the 64 KiB buffer: every element counts
        float[] big = new float[40_000];
        String before = EpochRecord.checksum(big);
        big[39_999] = 1f;
        assertFalse(before.equals(EpochRecord.checksum(big)));
    }
}
