package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.io.CheckpointFile;
import dev.backprop.train.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) during {@code train}: exit 130 and one line on stderr saying that no output was
 * written and which checkpoint, if any, continues the run with {@code --resume}.
 */
class InterruptTest {

    /**
     * Starts a child training with its stderr apart, waits for its second epoch line, interrupts it as
     * Ctrl-C does and returns its stderr lines; the child's exit code is checked to be 130.
     */
    static List<String> interrupted(Path dir, String... more) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 3000, 21);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", data.toString(),
                "--label-column", "color", "--hidden", "256,256", "--epochs", "1000", "--out",
                dir.resolve("m.safetensors").toString()));
        cmd.addAll(List.of(more));
        Path err = dir.resolve("err.txt");
        Process child = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null && !line.startsWith("epoch 2/"); line = out.readLine()) {
            seen.append(line).append('\n');
        }
        assertTrue(child.isAlive(), "the child was to be training; it printed: " + seen + Files.readString(err));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        if (!child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the interrupted child did not end: " + Files.readString(err));
        }
        assertEquals(130, child.exitValue(), Files.readString(err));
        assertFalse(Files.exists(dir.resolve("m.safetensors")), "no model written");
        return Files.readAllLines(err).stream().filter(s -> !s.isBlank() && !s.startsWith("WARNING")).toList();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anInterruptedRunNamesTheCheckpointToResume(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("m.ckpt");
        List<String> err = interrupted(dir, "--checkpoint-every", "1000000");
        assertEquals(1, err.size(), err::toString);
        Checkpoint c = CheckpointFile.load(ckpt);
        int epochs = c.epochs().size();
        assertTrue(epochs >= 1, "an epoch end was checkpointed");
        assertEquals("backprop train: interrupted: no output written; the last checkpoint is " + ckpt + " (after epoch "
                + epochs + "); continue with --resume " + ckpt, err.get(0));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anInterruptedRunWithoutCheckpointsSaysSo(@TempDir Path dir) throws Exception {
        List<String> err = interrupted(dir);
        assertEquals(1, err.size(), err::toString);
        assertTrue(err.get(0).startsWith("backprop train: interrupted: no output written; no checkpoint was written"),
                err.get(0));
        assertTrue(err.get(0).contains("--checkpoint-every"), err.get(0));
    }
}
