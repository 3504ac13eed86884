package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.io.CheckpointFile;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Supplier;

import static dev.backprop.train.CheckpointResumeTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run on {@link BatchGradients} checkpoints and resumes as a run on a {@link Dataset} does, with
 * the same fingerprint, so that a checkpoint of either kind of run resumes with the other and the
 * bits are those of a run that was never stopped.
 */
class BatchGradientsCheckpointTest {
    @TempDir
    Path dir;

    /** The local gradients behind the interface alone, as gradients computed elsewhere are seen. */
    record Remote(BatchGradients local) implements BatchGradients {
        @Override
        public int cases() {
            return local.cases();
        }

        @Override
        public boolean classification() {
            return local.classification();
        }

        @Override
        public String crc32c() {
            return local.crc32c();
        }

        @Override
        public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
            return local.batch(order, first, count, gradient, correct);
        }
    }

    static TrainingConfig.Builder builder(Optimizer optimizer) {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), optimizer).batchSize(7).chunkSize(3).epochs(4)
                .seed(11).kernels(Kernels.scalar());
    }

    static BatchGradients remote(Network network, Dataset data, TrainingConfig config) {
        return new Remote(new LocalGradients(network, data, config));
    }

    /** A run checkpointing every 3 steps, stopped after step 19 (60 cases: 9 steps an epoch). */
    private Checkpoint stopped(TrainingConfig.Builder b, boolean onGradients, Path file) throws Exception {
        Dataset data = TrainerTest.small();
        Network net = CheckpointResumeTest.network();
        long[] steps = {0};
        TrainingConfig config = b.checkpointEvery(3, CheckpointFile.store(file)).listener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                if (++steps[0] == 19) {
                    throw new CheckpointResumeTest.Stop();
                }
            }
        }).build();
        Trainer trainer = new Trainer(config);
        assertThrows(CheckpointResumeTest.Stop.class, () -> {
            if (onGradients) {
                trainer.fit(net, remote(net, data, config));
            } else {
                trainer.fit(net, data);
            }
        });
        Checkpoint c = CheckpointFile.load(file);
        assertEquals(18, c.optimizer().steps());
        return c;
    }

    @Test
    void aCheckpointOfEitherKindOfRunResumesWithTheOtherWithTheSameBits() throws Exception {
        for (Supplier<Optimizer> optimizer : java.util.List.<Supplier<Optimizer>>of(() -> new Adam(0.02f),
                () -> new Momentum(0.05f, 0.9f))) {
            Dataset data = TrainerTest.small();
            Network straight = CheckpointResumeTest.network();
            History expected = new Trainer(builder(optimizer.get()).build()).fit(straight, data);
            for (boolean writtenOnGradients : new boolean[] {true, false}) {
                for (boolean resumedOnGradients : new boolean[] {true, false}) {
                    String what = optimizer.get().describe() + ", written on " + (writtenOnGradients ? "gradients"
                            : "a dataset") + ", resumed on " + (resumedOnGradients ? "gradients" : "a dataset");
                    Path file = dir.resolve("run.ckpt");
                    Checkpoint c = stopped(builder(optimizer.get()), writtenOnGradients, file);
                    Network net = c.network();
                    TrainingConfig config = builder(optimizer.get()).checkpointEvery(3, CheckpointFile.store(file))
                            .build();
                    History h = resumedOnGradients
                            ? new Trainer(config).resume(c, net, remote(net, data, config))
                            : new Trainer(config).resume(c, net, data);
                    assertBitsEqual(straight.parameters(), net.parameters(), what);
                    assertEquals(expected.epochs().size(), h.epochs().size(), what);
                    for (int e = 0; e < h.epochs().size(); e++) {
                        assertEquals(expected.epochs().get(e).trainLoss(), h.epochs().get(e).trainLoss(), 0, what);
                        assertEquals(expected.epochs().get(e).checksum(), h.epochs().get(e).checksum(), what);
                    }
                    assertBitsEqual(straight.parameters(), CheckpointFile.load(file).network().parameters(),
                            what + ": the last checkpoint");
                }
            }
        }
    }

    @Test
    void theFingerprintOfBatchGradientsIsThatOfTheirDataset() {
        Dataset data = TrainerTest.small();
        TrainingConfig config = builder(new Adam(0.02f)).build();
        Network net = CheckpointResumeTest.network();
        assertEquals(Checkpoint.settingsOf(config, data, null),
                Checkpoint.settingsOf(config, remote(net, data, config)));
        Dataset other = TrainerTest.small();
        other.y()[other.y().length - 1] += 1;      // the last target: the CRC covers the targets too
        assertTrue(!Checkpoint.settingsOf(config, data, null).equals(
                Checkpoint.settingsOf(config, remote(net, other, config))));
    }

    @Test
    void resumingOnOtherCasesOrSettingsIsRefusedNamingTheDifference() throws Exception {
        Path file = dir.resolve("run.ckpt");
        Checkpoint c = stopped(builder(new Adam(0.02f)), true, file);
        Dataset other = TrainerTest.small();
        other.x()[5] += 1;
        Network net = c.network();
        TrainingConfig config = builder(new Adam(0.02f)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config).resume(c, net, remote(net, other, config)));
        assertTrue(e.getMessage().startsWith("cannot resume: the checkpoint's run had train_crc32c="), e.getMessage());
        TrainingConfig momentum = builder(new Momentum(0.05f, 0.9f)).build();
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(momentum).resume(c, net,
                remote(net, TrainerTest.small(), momentum)));
        assertTrue(e.getMessage().startsWith("cannot resume: the checkpoint's run had optimizer=adam("), e.getMessage());
    }

    @Test
    void gradientsWithoutAChecksumTrainButCannotCheckpoint() {
        Dataset data = TrainerTest.small();
        TrainingConfig plain = builder(new Adam(0.02f)).build();
        Network a = CheckpointResumeTest.network();
        BatchGradients local = new LocalGradients(a, data, plain);
        BatchGradients noCrc = new BatchGradients() {
            @Override
            public int cases() {
                return local.cases();
            }

            @Override
            public boolean classification() {
                return local.classification();
            }

            @Override
            public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
                return local.batch(order, first, count, gradient, correct);
            }
        };
        new Trainer(plain).fit(a, noCrc);
        TrainingConfig every = builder(new Adam(0.02f)).checkpointEvery(3, CheckpointFile.store(dir.resolve("c")))
                .build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new Trainer(every).fit(CheckpointResumeTest.network(), noCrc));
        assertTrue(e.getMessage().contains("does not give its cases' CRC-32C (BatchGradients.crc32c)"), e.getMessage());
        TrainingConfig split = builder(new Adam(0.02f)).validationSplit(0.2).build();
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(split).fit(CheckpointResumeTest.network(), noCrc));
        assertEquals("training from batch gradients has no validation data, so no validation split or early "
                + "stopping: set validationSplit and patience to 0", v.getMessage());
    }
}
