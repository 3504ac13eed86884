package dev.backprop.train;

import dev.backprop.io.CheckpointFile;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real crash: a child JVM training with checkpoints is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) after a checkpoint in the middle of an epoch; a second child
 * JVM resumes from the file; its final model file is byte for byte that of an uninterrupted run.
 */
class CheckpointCrashTest {
    @TempDir
    Path dir;

    private Process start(String mode, Path ckpt, Path out, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), CheckpointCrashProbe.class.getName(), mode, ckpt.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aRunKilledMidEpochAndResumedInAnotherJvmEndsWithTheBitsOfAnUninterruptedRun() throws Exception {
        Path ckpt = dir.resolve("run.ckpt");
        Path never = dir.resolve("killed.safetensors");
        Path trainLog = dir.resolve("train.log");
        Process p = start("train", ckpt, never, trainLog);
        long lastSteps = -1;
        int loads = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!p.isAlive()) {
                    fail("the training child ended (status " + p.exitValue() + ") before it was killed: "
                            + Files.readString(trainLog));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after step " + (CheckpointCrashProbe.HANG_AFTER_STEP - 1) + " within 120 s; last "
                            + lastSteps + ": " + Files.readString(trainLog));
                }
                if (Files.exists(ckpt)) {
                    // whenever it is read, the file is a whole checkpoint, never a part
                    Checkpoint c = CheckpointFile.load(ckpt);
                    loads++;
                    assertTrue(c.optimizer().steps() >= lastSteps
                                    && (c.optimizer().steps() % 2 == 0 || c.progress().epochFinished()),
                            "every 2 steps and at epoch ends: steps " + c.optimizer().steps() + " after " + lastSteps);
                    lastSteps = c.optimizer().steps();
                    if (lastSteps == CheckpointCrashProbe.HANG_AFTER_STEP - 1) {
                        break;
                    }
                }
                Thread.sleep(2);
            }
            p.destroyForcibly();   // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not die");
        } finally {
            p.destroyForcibly();
        }
        assertNotEquals(0, p.exitValue(), "killed, not finished");
        assertFalse(Files.exists(never));
        assertTrue(loads > 1, "the file was read while the child was writing it: " + loads + " loads");

        Checkpoint c = CheckpointFile.load(ckpt);
        assertEquals(CheckpointCrashProbe.HANG_AFTER_STEP - 1, c.optimizer().steps());
        assertEquals(3, c.progress().epoch());
        assertEquals(3, c.progress().batch());
        assertFalse(c.progress().epochFinished(), "a checkpoint in the middle of an epoch");

        Path resumed = dir.resolve("resumed.safetensors");
        Path resumeLog = dir.resolve("resume.log");
        Process q = start("resume", ckpt, resumed, resumeLog);
        try {
            assertTrue(q.waitFor(120, TimeUnit.SECONDS), "the resuming child did not finish");
        } finally {
            q.destroyForcibly();
        }
        assertEquals(0, q.exitValue(), Files.readString(resumeLog, StandardCharsets.UTF_8));

        Network straight = CheckpointResumeTest.network();
        History h = new Trainer(CheckpointCrashProbe.config().build()).fit(straight, CheckpointCrashProbe.data());
        assertEquals(CheckpointCrashProbe.EPOCHS, h.epochs().size());
        Path expected = dir.resolve("straight.safetensors");
        CheckpointCrashProbe.save(expected, straight);
        assertEquals(-1, Files.mismatch(expected, resumed), "the resumed model file differs from the uninterrupted one");

        Checkpoint end = CheckpointFile.load(ckpt);
        assertEquals(CheckpointCrashProbe.EPOCHS - 1, end.progress().epoch());
        assertTrue(end.progress().epochFinished());
        assertEquals(h.epochs().stream().map(EpochRecord::checksum).toList(),
                end.epochs().stream().map(EpochRecord::checksum).toList());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temps = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "temporary files left behind");
        }
    }

    @Test
    void aRunKilledAtRandomMomentsWhileWritingCheckpointsEndsWithTheSameBits() throws Exception {
        // Checkpoints every step (each one a write, fsync and rename): the kills land at arbitrary
        // points, in the middle of writes too. After each kill the file must load; the run resumed
        // again and again must end with the bits of the uninterrupted run.
        Path ckpt = dir.resolve("run.ckpt");
        Path out = dir.resolve("final.safetensors");
        dev.backprop.init.Rng rng = new dev.backprop.init.Rng(99);
        long steps = -1;
        int kills = 0;
        for (int cycle = 0; cycle < 4; cycle++) {
            Path log = dir.resolve("cycle-" + cycle + ".log");
            Process p = start("run", ckpt, out, log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (p.isAlive() && !(Files.exists(ckpt) && CheckpointFile.load(ckpt).optimizer().steps() > steps)) {
                    assertTrue(System.nanoTime() < deadline, "no progress in cycle " + cycle + ": "
                            + Files.readString(log));
                    Thread.sleep(1);
                }
                if (!p.isAlive()) {
                    break;   // finished before it could be killed
                }
                Thread.sleep(rng.nextInt(40));
                p.destroyForcibly();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
            if (p.exitValue() == 0) {
                break;
            }
            kills++;
            Checkpoint c = CheckpointFile.load(ckpt);
            assertTrue(c.optimizer().steps() > steps, "progress after kill " + kills);
            steps = c.optimizer().steps();
        }
        assertTrue(kills >= 1, "no run was killed");
        if (!Files.exists(out)) {
            Path log = dir.resolve("last.log");
            Process q = start("run", ckpt, out, log);
            try {
                assertTrue(q.waitFor(120, TimeUnit.SECONDS), "the last run did not finish");
            } finally {
                q.destroyForcibly();
            }
            assertEquals(0, q.exitValue(), Files.readString(log));
        }
        Network straight = CheckpointResumeTest.network();
        new Trainer(CheckpointCrashProbe.config().build()).fit(straight, CheckpointCrashProbe.data());
        Path expected = dir.resolve("straight.safetensors");
        CheckpointCrashProbe.save(expected, straight);
        assertEquals(-1, Files.mismatch(expected, out), "after " + kills + " kills the model differs");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
        }
    }
}
