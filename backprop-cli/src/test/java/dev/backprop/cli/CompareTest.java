package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.output.JsonOut;
import dev.backprop.cli.output.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run records and {@code backprop compare}. */
class CompareTest {

    static Path train(Path dir, String name, String... extra) throws Exception {
        Path data = dir.resolve("d.csv");
        if (!Files.exists(data)) {
            Fixtures.blobs(dir, "d.csv", 200, 11);
        }
        Path model = dir.resolve(name + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--hidden", "40", "--epochs", "3", "--batch-size", "50", "--optimizer", "adam", "--eta", "0.01",
                "--out", model.toString(), "--quiet"));
        args.addAll(List.of(extra));
        Run r = Run.of(args.toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        return dir.resolve(name + ".run.json");
    }

    @Test
    void theRecordHoldsSettingsChecksumsAndOneWeightHashPerEpoch(@TempDir Path dir) throws Exception {
        Path rec = train(dir, "a");
        Map<String, Object> m = JsonOut.readObject(Files.readString(rec));
        assertEquals(RunRecord.FORMAT, m.get("format"));
        assertEquals(3, ((List<?>) m.get("epochs")).size());
        Map<?, ?> file = (Map<?, ?>) ((List<?>) m.get("data")).get(0);
        assertEquals(RunRecord.sha256(dir.resolve("d.csv")), file.get("sha256"));
        assertEquals("train", file.get("role"));
        Map<?, ?> last = (Map<?, ?>) ((List<?>) m.get("epochs")).get(2);
        float[] w = dev.backprop.io.ModelFile.load(dir.resolve("a.safetensors")).network().parameters();
        assertEquals(dev.backprop.train.EpochRecord.checksum(w), last.get("weights_crc32c"), "CRC-32C of the weights");
        assertEquals(RunRecord.weights(w), m.get("final_weights_sha256"), "the hash is of the saved weights");
        assertTrue(((Map<?, ?>) m.get("environment")).containsKey("jdk"));
        assertEquals(1L, ((Number) ((Map<?, ?>) m.get("settings")).get("seed")).longValue());
    }

    @Test
    void sameSeedAnyThreadsIsIdenticalAndADifferentRunIsFoundAtItsFirstEpoch(@TempDir Path dir) throws Exception {
        Path one = train(dir, "t1", "--threads", "1");
        Path four = train(dir, "t4", "--threads", "4");
        Run same = Run.of("compare", one.toString(), four.toString());
        assertEquals(0, same.code(), same::toString);
        assertTrue(same.out().contains("IDENTICAL: the weights are the same bits after each of 3 epochs"), same.out());
        assertTrue(same.out().contains("environment.threads: 1 | 4"), same.out());

        Path seed = train(dir, "s2", "--seed", "2");
        Run diff = Run.of("compare", one.toString(), seed.toString());
        assertEquals(1, diff.code(), diff::toString);
        assertTrue(diff.out().contains("settings.seed: 1 | 2"), diff.out());
        assertTrue(diff.out().contains("DIVERGED at epoch 1"), diff.out());

        // the learning rate halves from the second epoch on: epoch 1 is the same bits, epoch 2 not
        Path step = train(dir, "step", "--schedule", "step:1:0.5");
        Run later = Run.of("compare", one.toString(), dir.resolve("step.safetensors").toString());
        assertEquals(1, later.code(), later::toString);
        assertTrue(later.out().contains("DIVERGED at epoch 2"), later.out());
        assertTrue(later.out().contains("the weights were the same bits after epochs 1..1"), later.out());
        assertTrue(Files.exists(step));
    }

    @Test
    void aBadRecordIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path good = train(dir, "g");
        Path bad = dir.resolve("bad.run.json");
        Files.writeString(bad, "{\"format\": \"something else\"}");
        Run r = Run.of("compare", good.toString(), bad.toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("bad.run.json: expected a run record"), r.err());
        Files.writeString(bad, "{not json");
        Run r2 = Run.of("compare", good.toString(), bad.toString());
        assertEquals(2, r2.code(), r2::toString);
        assertEquals(1, r2.errLines().size(), r2::toString);
        assertTrue(r2.errLines().get(0).contains("bad.run.json: not a JSON object"), r2.err());
    }

    /** A folder or a missing file where a record should be is bad input (exit 2), named in one line. */
    @Test
    void aFolderOrAMissingFileIsRefusedInOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path good = train(dir, "g");
        Run folder = Run.of("compare", good.toString(), dir.toString());
        assertEquals(2, folder.code(), folder::toString);
        assertEquals(List.of("backprop compare: " + dir + ": is a folder; expected a run record (.run.json) or a "
                + "model file with one beside it"), folder.errLines(), folder::toString);
        Path missing = dir.resolve("nowhere.run.json");
        Run none = Run.of("compare", missing.toString(), good.toString());
        assertEquals(2, none.code(), none::toString);
        assertEquals(List.of("backprop compare: " + missing + ": no such file; expected a run record (.run.json) or a "
                + "model file with one beside it"), none.errLines(), none::toString);
    }
}
