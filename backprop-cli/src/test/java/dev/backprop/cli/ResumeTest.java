package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.data.InputFormatException;
import dev.backprop.io.CheckpointFile;
import dev.backprop.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --checkpoint-every} killed with SIGKILL ({@code kill -9}) in a real process,
 * then {@code train --resume}: the model file is byte for byte the uninterrupted run's.
 */
class ResumeTest {

    static List<String> args(Path data, Path out, Path ckpt) {
        return new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color", "--hidden",
                "384,384", "--optimizer", "adam", "--eta", "0.001", "--batch-size", "20", "--epochs", "6",
                "--validation-split", "0.1", "--seed", "3", "--checkpoint-every", "3", "--checkpoint",
                ckpt.toString(), "--out", out.toString(), "--quiet"));
    }

    @Test
    void aTrainingProcessKilledMidEpochResumesToTheSameBits(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 8000, 21);
        Path full = dir.resolve("full.safetensors");
        Run uninterrupted = Run.of(args(data, full, dir.resolve("full.ckpt")).toArray(new String[0]));
        assertEquals(0, uninterrupted.code(), uninterrupted::toString);

        Path crash = dir.resolve("crash.safetensors");
        Path ckpt = dir.resolve("crash.ckpt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args(data, crash, ckpt));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log")
                .toFile()).start();
        Checkpoint seen = null;
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            // Every checkpoint is renamed into place, which the directory reports; the child's last
            // files (model, run record, log) are reported too, so this wait ends with the child.
            while (seen == null && child.isAlive()) {
                WatchKey key = watch.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (seen == null && ckpt.getFileName().equals(event.context()) && Files.exists(ckpt)) {
                        try {
                            Checkpoint c = CheckpointFile.load(ckpt);
                            if (c.progress().epoch() >= 1 && !c.progress().epochFinished()) {
                                seen = c;
                            }
                        } catch (InputFormatException e) {
                            throw new AssertionError("a checkpoint that cannot be loaded while training: "
                                    + e.getMessage());
                        }
                    }
                }
                key.reset();
            }
        }
        assertTrue(child.isAlive(), "the child finished before it could be killed mid-epoch; log: "
                + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly();                                   // SIGKILL, as kill -9
        child.waitFor();
        assertTrue(seen != null);
        assertFalse(Files.exists(crash), "the killed run wrote no model file");
        Checkpoint last = CheckpointFile.load(ckpt);               // still loadable after the kill
        assertTrue(last.optimizer().steps() >= seen.optimizer().steps());

        List<String> resume = args(data, crash, ckpt);
        resume.add("--resume");
        resume.add(ckpt.toString());
        Run resumed = Run.of(resume.toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed::toString);
        assertEquals(-1L, Files.mismatch(full, crash), "the resumed model file equals the uninterrupted one");
        Run cmp = Run.of("compare", full.toString(), crash.toString());
        assertEquals(0, cmp.code(), cmp::toString);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 300, 2);
        Path out = dir.resolve("m.safetensors");
        Path ckpt = dir.resolve("m.ckpt");
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--epochs", "2", "--batch-size", "10", "--checkpoint-every", "5", "--out", out.toString(), "--quiet"));
        assertEquals(0, Run.of(a.toArray(new String[0])).code());
        assertTrue(Files.exists(ckpt), "the default checkpoint file is the model's name with .ckpt");
        Files.delete(out);
        a.addAll(List.of("--resume", ckpt.toString(), "--seed", "9"));
        Run r = Run.of(a.toArray(new String[0]));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("--seed 9: the checkpoint " + ckpt + " was written by a run with --seed 1"),
                r.err());
        assertFalse(Files.exists(out));
        Files.writeString(dir.resolve("bad.ckpt"), "not a checkpoint");
        a.set(a.indexOf(ckpt.toString()), dir.resolve("bad.ckpt").toString());
        Run bad = Run.of(a.toArray(new String[0]));
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.errLines().get(0).contains("bad.ckpt"), bad.err());
    }

    @Test
    void aDivergingRunStopsKeepingTheLastGoodCheckpointAndWritingNoModel(@TempDir Path dir) throws Exception {
        Path data = Fixtures.regression(dir, "r.csv", 200, 4);
        Path out = dir.resolve("m.safetensors");
        Path ckpt = dir.resolve("m.ckpt");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "y1,y2", "--hidden", "8",
                "--activation", "relu", "--scale", "none", "--optimizer", "sgd", "--eta", "1000", "--batch-size", "4",
                "--epochs", "5", "--checkpoint-every", "1", "--out", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).matches("backprop train: .*epoch \\d+, batch \\d+.*try a smaller learning rate.*"),
                r.err());
        assertFalse(Files.exists(out), "no model written");
        assertFalse(Files.exists(dir.resolve("m.run.json")), "no run record written");
        Checkpoint c = CheckpointFile.load(ckpt);
        for (float v : c.network().parameters()) {
            assertTrue(Float.isFinite(v), "the checkpoint holds the last good, finite weights");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
