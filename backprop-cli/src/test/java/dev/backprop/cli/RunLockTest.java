package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Two {@code train} runs on one {@code --out}: the second refuses at once, naming the lock file and
 * the first run's PID, and writes nothing; a lock file left by a killed run blocks no later run.
 */
class RunLockTest {

    /** Starts a child JVM training into {@code out} and returns once it prints its first epoch line. */
    static Process trainingChild(Path data, Path out, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", data.toString(),
                "--label-column", "color", "--hidden", "384,384", "--epochs", "1000", "--out", out.toString()));
        cmd.addAll(List.of(more));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = childOut.readLine(); line != null && !line.startsWith("epoch 1/"); line = childOut.readLine()) {
            seen.append(line).append('\n');
        }
        assertTrue(child.isAlive(), "the child was to be training; it printed: " + seen);
        return child;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSecondRunOnTheSameOutRefusesNamingTheLockAndItsHolder(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 8000, 21);
        Path small = Fixtures.blobs(dir, "s.csv", 60, 2);
        Path out = dir.resolve("m.safetensors");
        Path lock = dir.resolve("m.lock");
        Process child = trainingChild(data, out);
        try {
            Run second = Run.of("train", "--data", small.toString(), "--label-column", "color", "--epochs", "1",
                    "--out", out.toString(), "--quiet");
            assertEquals(1, second.code(), second::toString);
            assertEquals(1, second.errLines().size(), second::toString);
            String line = second.errLines().get(0);
            assertTrue(line.contains(lock.toString()) && line.contains("PID " + child.pid())
                    && line.contains("--out " + out), line);
            assertFalse(Files.exists(out), "the refused run wrote no model");
            assertFalse(Files.exists(dir.resolve("m.run.json")), "the refused run wrote no run record");
        } finally {
            child.destroyForcibly();                               // SIGKILL: the lock file stays, unlocked
            child.waitFor();
        }
        assertTrue(Files.exists(lock), "a killed run leaves its lock file");
        Run later = Run.of("train", "--data", small.toString(), "--label-column", "color", "--epochs", "1",
                "--out", out.toString(), "--quiet");
        assertEquals(0, later.code(), later::toString);
        assertTrue(Files.exists(out));
        assertFalse(Files.exists(lock), "a run that ends removes its lock file");
    }
}
