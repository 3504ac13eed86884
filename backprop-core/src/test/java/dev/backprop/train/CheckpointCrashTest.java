package dev.backprop.train;

import dev.backprop.io.CheckpointFile;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Starts a {@link CheckpointCrashProbe}; its output (stderr too) is read from the process's stream. */
    private Process start(String mode, Path ckpt, Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), CheckpointCrashProbe.class.getName(), mode, ckpt.toString(),
                out.toString()).redirectErrorStream(true).start();
    }

    /** The child's output lines; each readLine waits for the child's next line (null once it has ended). */
    private static java.io.BufferedReader lines(Process p) {
        return new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Waits for a child to end on its own; its exit status, or a failure with its output. */
    private static void assertFinishes(Process q, String what) throws Exception {
        String output = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, q.waitFor(), what + ": " + output);
    }

    @Test
    void aRunKilledMidEpochAndResumedInAnotherJvmEndsWithTheBitsOfAnUninterruptedRun() throws Exception {
        Path ckpt = dir.resolve("run.ckpt");
        Path never = dir.resolve("killed.safetensors");
        Process p = start("train", ckpt, never);
        long lastSteps = -1;
        int loads = 0;
        StringBuilder output = new StringBuilder();
        try (java.io.BufferedReader out = lines(p)) {
            // The child goes on training while the file is read after each of its steps, so reads
            // meet writes in progress; it stops after step HANG_AFTER_STEP and waits to be killed.
            String stop = "step " + CheckpointCrashProbe.HANG_AFTER_STEP;
            for (String line = out.readLine(); ; line = out.readLine()) {
                if (line == null) {
                    fail("the training child ended (status " + p.waitFor() + ") before it was killed: " + output);
                }
                output.append(line).append('\n');
                if (Files.exists(ckpt)) {
                    // whenever it is read, the file is a whole checkpoint, never a part
                    Checkpoint c = CheckpointFile.load(ckpt);
                    loads++;
                    assertTrue(c.optimizer().steps() >= lastSteps
                                    && (c.optimizer().steps() % 2 == 0 || c.progress().epochFinished()),
                            "every 2 steps and at epoch ends: steps " + c.optimizer().steps() + " after " + lastSteps);
                    lastSteps = c.optimizer().steps();
                }
                if (line.equals(stop)) {
                    break;
                }
            }
            p.destroyForcibly();   // SIGKILL: no shutdown hooks, no finally blocks
            p.waitFor();
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
        assertFinishes(start("resume", ckpt, resumed), "the resuming child");

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
        // Checkpoints every step (each one a write, fsync and rename): the child is killed a random
        // number of steps into each run while it goes on training, so the kills land at arbitrary
        // points, in the middle of writes too. After each kill the file must load; the run resumed
        // again and again must end with the bits of the uninterrupted run.
        Path ckpt = dir.resolve("run.ckpt");
        Path out = dir.resolve("final.safetensors");
        dev.backprop.math.Rng rng = new dev.backprop.math.Rng(99);
        long steps = -1;
        int kills = 0;
        for (int cycle = 0; cycle < 4; cycle++) {
            Process p = start("run", ckpt, out);
            // At least two steps, so that the first one's checkpoint is complete before the kill.
            int killAfter = 2 + rng.nextInt(6);
            boolean killed = false;
            try (java.io.BufferedReader lines = lines(p)) {
                int seen = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("step ") && ++seen == killAfter) {
                        p.destroyForcibly();
                        killed = true;
                        break;
                    }
                }
                p.waitFor();
            } finally {
                p.destroyForcibly();
            }
            if (!killed) {
                assertEquals(0, p.exitValue(), "the run ended on its own in cycle " + cycle);
                break;
            }
            kills++;
            Checkpoint c = CheckpointFile.load(ckpt);
            assertTrue(c.optimizer().steps() > steps, "progress after kill " + kills);
            steps = c.optimizer().steps();
        }
        assertTrue(kills >= 1, "no run was killed");
        if (!Files.exists(out)) {
            assertFinishes(start("run", ckpt, out), "the last run");
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
