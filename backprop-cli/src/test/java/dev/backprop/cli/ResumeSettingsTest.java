package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume}: every setting the checkpoint holds is either left out, and taken from the
 * checkpoint, or given the same; a setting given otherwise is refused in one line naming the flag,
 * the checkpoint's value and the given one.
 */
class ResumeSettingsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path ckpt;

    /** The run the checkpoint comes from, with settings other than the defaults everywhere. */
    static List<String> run(Path out, String epochs) {
        return new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--hidden", "6,5", "--activation", "tanh", "--loss", "squared_error", "--optimizer", "momentum",
                "--eta", "0.05", "--momentum", "0.8", "--schedule", "step:1:0.5", "--batch-size", "7", "--sum",
                "--no-shuffle", "--seed", "4", "--scale", "standard", "--validation-split", "0.2",
                "--early-stopping", "9", "--epochs", epochs, "--checkpoint-every", "5", "--out", out.toString(),
                "--quiet"));
    }

    @BeforeAll
    static void twoEpochs() throws Exception {
        data = Fixtures.blobs(dir, "d.csv", 120, 5);
        Run r = Run.of(run(dir.resolve("two.safetensors"), "2").toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        ckpt = dir.resolve("two.ckpt");
        assertTrue(Files.exists(ckpt));
    }

    static Run resume(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--resume", ckpt.toString(), "--checkpoint-every", "5", "--checkpoint",
                dir.resolve(out.getFileName() + ".ckpt").toString(), "--out", out.toString(), "--quiet"));
        a.addAll(List.of(more));
        return Run.of(a.toArray(new String[0]));
    }

    @Test
    void settingsLeftOutAreTakenFromTheCheckpointAndEndWithTheUninterruptedRunsBits() throws Exception {
        Path full = dir.resolve("full.safetensors");
        Run uninterrupted = Run.of(run(full, "3").toArray(new String[0]));
        assertEquals(0, uninterrupted.code(), uninterrupted::toString);
        Path resumed = dir.resolve("resumed.safetensors");
        Run r = resume(resumed, "--epochs", "3");
        assertEquals(0, r.code(), r::toString);
        assertEquals(-1L, Files.mismatch(full, resumed), "the resumed model equals the uninterrupted run's");
    }

    @Test
    void settingsGivenTheSameAreAccepted() {
        Run r = resume(dir.resolve("same.safetensors"), "--epochs", "3", "--activation", "tanh", "--seed", "4",
                "--eta", "0.05", "--optimizer", "momentum", "--batch-size", "7", "--scale", "standard",
                "--hidden", "6,5", "--loss", "squared_error", "--schedule", "step:1:0.5", "--sum", "--no-shuffle");
        assertEquals(0, r.code(), r::toString);
    }

    static void assertRefused(String flagAndValue, String checkpointValue, String... more) {
        Path out = dir.resolve("refused.safetensors");
        List<String> a = new ArrayList<>(List.of("--epochs", "3"));
        a.addAll(List.of(more));
        Run r = resume(out, a.toArray(new String[0]));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("backprop train: " + flagAndValue + ": "), line);
        assertTrue(line.contains(checkpointValue), "names the checkpoint's value " + checkpointValue + ": " + line);
        assertTrue(line.contains(ckpt.toString()), "names the checkpoint: " + line);
        assertFalse(Files.exists(out));
    }

    @Test
    void eachSettingGivenOtherwiseIsRefusedNamingItsFlag() {
        assertRefused("--activation relu", "tanh", "--activation", "relu");
        assertRefused("--output-activation softmax", "sigmoid", "--output-activation", "softmax");
        assertRefused("--loss mean_squared_error", "squared_error", "--loss", "mean_squared_error");
        assertRefused("--optimizer adam", "momentum", "--optimizer", "adam");
        assertRefused("--eta 0.1", "0.05", "--eta", "0.1");
        assertRefused("--momentum 0.9", "0.8", "--momentum", "0.9");
        assertRefused("--schedule constant", "step:1:0.5", "--schedule", "constant");
        assertRefused("--batch-size 8", "7", "--batch-size", "8");
        assertRefused("--full-batch", "7", "--full-batch");
        assertRefused("--seed 5", "4", "--seed", "5");
        assertRefused("--scale minmax", "standard", "--scale", "minmax");
        assertRefused("--validation-split 0.3", "0.2", "--validation-split", "0.3");
        assertRefused("--early-stopping 3", "9", "--early-stopping", "3");
        assertRefused("--hidden 6,6", "6,5", "--hidden", "6,6");
        assertRefused("--test-split 0.1", "0", "--test-split", "0.1");
    }

    /** No flag chooses the kernels; a JVM on the scalar kernels resuming a SIMD run would round differently. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void resumingOnOtherKernelsIsRefused() throws Exception {
        assumeTrue(dev.backprop.math.Kernels.vectorApiAvailable(), "the checkpoint's run is on the SIMD kernels");
        Path out = dir.resolve("scalar.safetensors");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbackprop.kernels=scalar", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", data.toString(), "--label-column", "color", "--resume", ckpt.toString(),
                "--epochs", "3", "--out", out.toString(), "--quiet"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String printed = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, child.waitFor(), printed);
        List<String> lines = printed.lines().filter(s -> !s.isBlank() && !s.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), printed);
        assertTrue(lines.get(0).contains("the checkpoint's run used the kernels vector") && lines.get(0).contains(
                "this JVM has scalar"), printed);
        assertFalse(Files.exists(out));
    }

    @Test
    void hiddenLayersGivenForACheckpointWithoutAreRefusedNamingItsLayers() {
        Path out = dir.resolve("flat.safetensors");
        Run flat = Run.of("train", "--data", data.toString(), "--label-column", "color", "--layers", "4,3",
                "--epochs", "1", "--checkpoint-every", "5", "--out", out.toString(), "--quiet");
        assertEquals(0, flat.code(), flat::toString);
        Path flatCkpt = dir.resolve("flat.ckpt");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--resume", flatCkpt.toString(),
                "--hidden", "5", "--epochs", "2", "--out", dir.resolve("flat2.safetensors").toString(), "--quiet");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("backprop train: --hidden 5: the checkpoint " + flatCkpt
                + " was written by a run with --layers 4,3 (no hidden layer)"), r.err());
        Run same = Run.of("train", "--data", data.toString(), "--label-column", "color", "--resume",
                flatCkpt.toString(), "--epochs", "2", "--out", dir.resolve("flat2.safetensors").toString(), "--quiet");
        assertEquals(0, same.code(), same::toString);
    }

    @Test
    void initWithResumeIsRefusedRatherThanIgnored() {
        Path out = dir.resolve("init.safetensors");
        Run r = resume(out, "--epochs", "3", "--init", dir.resolve("two.safetensors").toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("backprop train: --init and --resume both give the starting weights"),
                r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void fewerEpochsThanTheCheckpointRanAreRefused() {
        Path out = dir.resolve("fewer.safetensors");
        Run r = resume(out, "--epochs", "1");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("backprop train: --epochs 1: "), r.err());
        assertTrue(r.errLines().get(0).contains("2 epochs"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aModelFileGivenAsTheCheckpointIsToldToUseInit() {
        Path model = dir.resolve("two.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--resume", model.toString(),
                "--out", dir.resolve("m.safetensors").toString(), "--quiet");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains(model + " is a model file, not a checkpoint; use --init " + model
                + " to start from its weights"), r.err());
        assertFalse(r.err().contains("ModelFile"), r.err());
    }
}
