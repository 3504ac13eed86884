package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.io.CheckpointFile;
import dev.backprop.train.Checkpoint;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stop on a NaN or infinite loss or parameter counts epochs and batches from 1, as the progress lines do. */
class NanStopTest {

    static Run diverging(Path dir) throws Exception {
        Path data = Fixtures.regression(dir, "r.csv", 40, 4);
        String[] base = {"train", "--data", data.toString(), "--label-column", "y1,y2", "--hidden", "8",
            "--activation", "relu", "--scale", "none", "--optimizer", "sgd", "--eta", "1e38", "--batch-size", "4",
            "--no-shuffle", "--epochs", "3", "--out", dir.resolve("m.safetensors").toString(), "--quiet"};
        Run r = Run.of(base);
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        return r;
    }

    @Test
    void aLossThatBecomesInfiniteNamesTheBatchAsProgressCountsIt(@TempDir Path dir) throws Exception {
        Run r = diverging(dir);
        // the first step makes the weights huge: the second batch's loss is the first that is not finite
        assertTrue(r.errLines().get(0).matches("backprop train: loss became \\S+ in epoch 1, batch 2; .*"), r.err());
    }

    @Test
    void aParameterThatBecomesNaNNamesTheBatchAfterTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Path data = Fixtures.regression(dir, "r.csv", 200, 4);
        Path ckpt = dir.resolve("m.ckpt");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "y1,y2", "--hidden", "8",
                "--activation", "relu", "--scale", "none", "--optimizer", "sgd", "--eta", "1000", "--batch-size", "4",
                "--epochs", "5", "--checkpoint-every", "1", "--out", dir.resolve("m.safetensors").toString(), "--quiet");
        assertEquals(1, r.code(), r::toString);
        Matcher m = Pattern.compile("backprop train: parameter \\d+ became \\S+ by epoch (\\d+), batch (\\d+); .*")
                .matcher(r.errLines().get(0));
        assertTrue(m.matches(), r.err());
        // the checkpoint keeps the last good step; the one after it, counted from 1, is the one named
        Checkpoint.Progress p = CheckpointFile.load(ckpt).progress();
        int epoch = p.epochFinished() ? p.epoch() + 2 : p.epoch() + 1;
        int batch = p.epochFinished() ? 1 : p.batch() + 1;
        assertEquals("epoch " + epoch + ", batch " + batch, "epoch " + m.group(1) + ", batch " + m.group(2), r.err());
    }
}
