package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.io.CheckpointFile;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.LearningRateSchedule;

import java.nio.file.Path;

/**
 * The child JVM of {@link CheckpointCrashTest}: {@code train CKPT OUT} trains with a checkpoint
 * every 2 steps and stops after step {@value #HANG_AFTER_STEP} (so that the last checkpoint is the
 * one after step {@value #HANG_AFTER_STEP} − 1, in the middle of epoch 3), waiting on its standard
 * input, which the parent never writes, until it is killed; {@code resume CKPT OUT} continues from
 * the checkpoint file; {@code run CKPT OUT} checkpoints every step, resuming from the file when
 * there is one. {@code train} and {@code run} print {@code step N} after each step, so the parent
 * follows their progress from their output. All save the final network as a model file.
 */
public final class CheckpointCrashProbe {
    /** The step after which the training child stops making progress. */
    static final int HANG_AFTER_STEP = 31;
    static final int EPOCHS = 12;

    private CheckpointCrashProbe() {
    }

    static Dataset data() {
        return TrainerTest.small();
    }

    /** Adam, batches of 5 of 45 training cases (9 steps an epoch), validation, early stopping, a schedule. */
    static TrainingConfig.Builder config() {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.01f)).batchSize(5).epochs(EPOCHS)
                .seed(7).validationSplit(0.25).earlyStopping(100, 0).schedule(LearningRateSchedule.exponential(0.9));
    }

    static void save(Path out, Network net) throws java.io.IOException {
        ModelFile.save(out, Model.of(net, Loss.softmaxCrossEntropy(), 7));
    }

    /**
     * @param args {@code train|resume|run CHECKPOINT MODEL_OUT}
     * @throws Exception if anything fails (exit status 1)
     */
    public static void main(String[] args) throws Exception {
        Path ckpt = Path.of(args[1]);
        Path out = Path.of(args[2]);
        if (args[0].equals("train")) {
            Network net = CheckpointResumeTest.network();
            new Trainer(config().checkpointEvery(2, CheckpointFile.store(ckpt)).listener(new StepPrinter(HANG_AFTER_STEP))
                    .build())
                    .fit(net, data());
            save(out, net);
        } else if (args[0].equals("run") && !java.nio.file.Files.exists(ckpt)) {
            Network net = CheckpointResumeTest.network();
            new Trainer(config().checkpointEvery(1, CheckpointFile.store(ckpt)).listener(new StepPrinter(0)).build())
                    .fit(net, data());
            save(out, net);
        } else {
            Checkpoint c = CheckpointFile.load(ckpt);
            Network net = c.network();
            TrainingConfig.Builder b = config().checkpointEvery(args[0].equals("run") ? 1 : 2, CheckpointFile.store(ckpt));
            if (args[0].equals("run")) {
                b.listener(new StepPrinter(0));
            }
            new Trainer(b.build()).resume(c, net, data());
            save(out, net);
        }
        System.out.println("done");
        System.exit(0);
    }

    /** Prints {@code step N} after each step; after step {@code stopAfter} (if > 0) waits on stdin for good. */
    private static final class StepPrinter implements TrainingListener {
        private final int stopAfter;
        private int steps;

        StepPrinter(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
            steps++;
            System.out.println("step " + steps);
            System.out.flush();
            if (steps == stopAfter) {
                try {
                    while (System.in.read() >= 0) {
                        // the parent writes nothing: this returns only if it closes the pipe
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                System.exit(3);   // stdin closed without a kill: the parent is gone
            }
        }
    }
}
