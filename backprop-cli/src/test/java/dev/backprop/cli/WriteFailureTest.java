package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that fail end the command with exit 1 and one line naming the output. {@code /dev/full}
 * makes every write fail with "No space left on device", as a full disk does; a child process
 * gets it as standard output.
 */
class WriteFailureTest {
    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void trainAModel() throws IOException {
        assumeTrue(Files.exists(FULL) && !Files.isRegularFile(FULL), "needs /dev/full (Linux)");
        data = Fixtures.blobs(dir, "d.csv", 150, 5);
        model = dir.resolve("m.safetensors");
        Run t = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "4", "--epochs",
                "2", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t::toString);
    }

    /** Runs {@code backprop ARGS} in a child whose standard output is /dev/full; keeps its stderr. */
    private static Run childToFull(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process child = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(FULL.toFile())
                .redirectError(err.toFile()).start();
        int code = child.waitFor();
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (!line.startsWith("WARNING: Using incubator modules")) {
                sb.append(line).append('\n');
            }
        }
        return new Run(code, "", sb.toString());
    }

    private static void assertLostStdout(String command, Run r) {
        assertEquals(1, r.code(), r::toString);
        List<String> lines = r.errLines();
        assertEquals("backprop" + command + ": writing standard output failed: No space left on device",
                lines.get(lines.size() - 1), r::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains("Exception") || l.startsWith("backprop")
                && l != lines.get(lines.size() - 1)), r::toString);
    }

    @Test
    void everyCommandThatPrintsExits1WhenStandardOutputFails() throws Exception {
        Path record = dir.resolve("m.run.json");
        assertLostStdout(" predict", childToFull("predict", "--model", model.toString(), "--data", data.toString(),
                "--label-column", "color"));
        assertLostStdout(" evaluate", childToFull("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--label-column", "color"));
        assertLostStdout(" explain", childToFull("explain"));
        assertLostStdout(" gradcheck", childToFull("gradcheck"));
        assertLostStdout(" compare", childToFull("compare", record.toString(), record.toString()));
        assertLostStdout(" train", childToFull("train", "--data", data.toString(), "--label-column", "color",
                "--hidden", "4", "--epochs", "2", "--out", dir.resolve("logged.safetensors").toString(),
                "--log-json", "-"));
        Path demo = Files.createDirectories(dir.resolve("demo"));
        assertLostStdout(" demo", childToFull("demo", "--epochs", "1", "--out-dir", demo.toString()));
    }

    @Test
    void helpAndVersionThatCannotBeWrittenAreOneLineNotAStackTrace() throws Exception {
        assertLostStdout("", childToFull("--help"));
        assertLostStdout("", childToFull("--version"));
        assertLostStdout(" predict", childToFull("predict", "--help"));
    }

    @Test
    void outputFilesThatCannotBeWrittenAreNamedAndDevicesStayDevices() {
        Run p = Run.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--label-column", "color", "--out", FULL.toString());
        assertEquals(1, p.code(), p::toString);
        assertEquals(List.of("backprop predict: writing --out /dev/full failed: No space left on device"),
                p.errLines());
        Run t = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "4", "--epochs",
                "1", "--out", dir.resolve("t.safetensors").toString(), "--quiet", "--log-json", FULL.toString());
        assertEquals(1, t.code(), t::toString);
        assertEquals(List.of("backprop train: writing --log-json /dev/full failed: No space left on device"),
                t.errLines());
        Run w = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "4", "--epochs",
                "1", "--out", dir.resolve("w.safetensors").toString(), "--quiet", "--test-split", "0.2",
                "--write-test", FULL.toString());
        assertEquals(1, w.code(), w::toString);
        assertEquals(List.of("backprop train: writing --write-test /dev/full failed: No space left on device"),
                w.errLines());
        assertTrue(Files.exists(FULL) && !Files.isRegularFile(FULL), "/dev/full is still a device");
    }

    @Test
    void aNamedPipeAsOutIsWrittenInPlaceNotReplacedByAFile() throws Exception {
        Path fifo = dir.resolve("predictions.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return Files.readString(fifo);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        Run p = Run.of("predict", "--model", model.toString(), "--data", data.toString(), "--label-column", "color",
                "--out", fifo.toString());
        assertEquals(0, p.code(), p::toString);
        assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
        String text = read.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(151, text.split("\n").length, text);
        assertTrue(text.startsWith("predicted,blue,green,red\n"), text);
    }

    @Test
    void aDashMeansStandardOutputAndIsNeverAFileName() {
        Run p = Run.of("predict", "--model", model.toString(), "--data", data.toString(), "--label-column", "color",
                "--out", "-");
        assertEquals(0, p.code(), p::toString);
        assertTrue(p.out().startsWith("predicted,blue,green,red\n"), p::toString);
        assertEquals(151, p.out().split("\n").length, p::toString);
        assertFalse(Files.exists(Path.of("-")), "a file named -");
        Run t = Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "1", "--out",
                dir.resolve("dash.safetensors").toString(), "--plot", "-");
        assertEquals(2, t.code(), t::toString);
        assertEquals(List.of("backprop train: --plot -: expected a file name; '-' (standard output) is taken only "
                + "by predict --out and --log-json"), t.errLines());
        assertFalse(Files.exists(Path.of("-")), "a file named -");
    }

    @Test
    void aPrintWriterInErrorFromAnEmbedderIsExit1() {
        java.io.PrintWriter broken = new java.io.PrintWriter(new java.io.StringWriter()) {
            @Override
            public boolean checkError() {
                return true;
            }
        };
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(broken, new java.io.PrintWriter(err, true), "gradcheck");
        assertEquals(1, code, err::toString);
        assertEquals("backprop gradcheck: writing standard output failed\n", err.toString());
        assertFalse(err.toString().contains("Exception"));
    }
}
