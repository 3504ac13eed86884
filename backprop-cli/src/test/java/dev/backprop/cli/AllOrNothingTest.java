package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}'s outputs (model, run record, plot, held-out CSV, JSON log) replace the old files
 * together, only once all are written: a run that fails, early or late, leaves every one of them
 * as it was, byte for byte, and no temporary file behind.
 */
class AllOrNothingTest {

    static List<String> train(Path data, Path dir, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--hidden", "8", "--epochs", "3", "--test-split", "0.2", "--out", dir.resolve("m.safetensors").toString(),
                "--plot", dir.resolve("curves.png").toString(), "--write-test", dir.resolve("test.csv").toString(),
                "--log-json", dir.resolve("log.jsonl").toString(), "--quiet"));
        a.addAll(List.of(more));
        return a;
    }

    static final List<String> OUTPUTS = List.of("m.safetensors", "m.run.json", "curves.png", "test.csv", "log.jsonl");

    static List<byte[]> outputs(Path dir) throws Exception {
        List<byte[]> b = new ArrayList<>();
        for (String name : OUTPUTS) {
            b.add(Files.readAllBytes(dir.resolve(name)));
        }
        return b;
    }

    static void assertUnchanged(List<byte[]> before, Path dir) throws Exception {
        for (int i = 0; i < OUTPUTS.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(dir.resolve(OUTPUTS.get(i))), OUTPUTS.get(i)
                    + " is unchanged");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aRunThatFailsAfterReadingTheDataKeepsTheLogAndEveryOutput(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 90, 1);
        Run first = Run.of(train(data, dir).toArray(new String[0]));
        assertEquals(0, first.code(), first::toString);
        assertTrue(Files.readString(dir.resolve("log.jsonl")).startsWith("{\"event\":\"start\""));
        List<byte[]> before = outputs(dir);

        // the data is read, then the network does not fit it
        Run failed = Run.of(train(data, dir, "--layers", "5,8,3").toArray(new String[0]));
        assertEquals(2, failed.code(), failed::toString);
        assertUnchanged(before, dir);

        // a run that succeeds replaces them all
        Run again = Run.of(train(data, dir, "--seed", "2").toArray(new String[0]));
        assertEquals(0, again.code(), again::toString);
        assertFalse(Arrays.equals(before.get(0), Files.readAllBytes(dir.resolve("m.safetensors"))));
        assertFalse(Arrays.equals(before.get(4), Files.readAllBytes(dir.resolve("log.jsonl"))));
    }

    /**
     * A child process whose files may not grow past a limit (as on a nearly full disk) that the
     * model, run record, held-out CSV and log fit under and the PNG does not: the plot, written
     * last, fails.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aPlotThatCannotBeWrittenReplacesNothingAndSaysWhichFileInOneLine(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 90, 1);
        Run first = Run.of(train(data, dir).toArray(new String[0]));
        assertEquals(0, first.code(), first::toString);
        List<byte[]> before = outputs(dir);
        long others = 0;
        for (int i = 0; i < OUTPUTS.size(); i++) {
            if (!OUTPUTS.get(i).equals("curves.png")) {
                others = Math.max(others, before.get(i).length);
            }
        }
        long limitKb = others / 1024 + 4;
        long png = before.get(OUTPUTS.indexOf("curves.png")).length;
        assertTrue(png > limitKb * 1024, "the PNG (" + png + " bytes) must not fit under " + limitKb + " KB");

        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        java.addAll(train(data, dir, "--seed", "2"));
        StringBuilder cmd = new StringBuilder("ulimit -f " + limitKb + " && exec");
        for (String a : java) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Process child = new ProcessBuilder("bash", "-c", cmd.toString()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        int code = child.waitFor();
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        List<String> lines = err.lines().filter(s -> !s.isBlank()).toList();
        assertEquals(1, code, err);
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("backprop train: "), err);
        assertTrue(lines.get(0).contains(dir.resolve("curves.png").toString()), "the message names the plot: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertUnchanged(before, dir);
    }

    /** A run stopped by a signal, as Ctrl-C or kill stop it, leaves the old log and no temporary file. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aRunStoppedBySignalLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 8000, 21);
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, "an old log\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", data.toString(),
                "--label-column", "color", "--hidden", "384,384", "--epochs", "1000", "--log-json", log.toString(),
                "--out", dir.resolve("m.safetensors").toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // The child's first epoch line says it is training, its log pending: stop it then.
        BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = childOut.readLine(); line != null && !line.startsWith("epoch 1/"); line = childOut.readLine()) {
            seen.append(line).append('\n');
        }
        assertTrue(child.isAlive() && hasTemp(dir), "the child was to be stopped while its log was pending; it printed: "
                + seen);
        child.destroy();                                           // SIGTERM: shutdown hooks run
        child.waitFor();
        assertFalse(hasTemp(dir), "no temporary file left");
        assertEquals("an old log\n", Files.readString(log));
        assertFalse(Files.exists(dir.resolve("m.safetensors")));
    }

    static boolean hasTemp(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }
}
