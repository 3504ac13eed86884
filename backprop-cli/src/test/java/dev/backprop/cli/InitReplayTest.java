package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.data.CsvData;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.CsvReader;
import dev.backprop.data.Dataset;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Loss;
import dev.backprop.reference.ReferenceNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init MODEL --no-shuffle} replayed step by step by an independent implementation:
 * the double-precision reference network (loops in the seed's index notation) with plain gradient
 * descent written out here, started from the same initial weights and visiting the cases in file
 * order. Losses per epoch and the final weights agree to float32 rounding.
 */
class InitReplayTest {

    @Test
    void trainingFromInitWithoutShufflingMatchesAnIndependentReplay(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 50, 9);
        Path init = dir.resolve("init.safetensors");
        Run r0 = Run.of("train", "--data", data.toString(), "--label-column", "color", "--layers", "4,6,3",
                "--loss", "squared_error", "--scale", "none", "--epochs", "0", "--seed", "5", "--out", init.toString());
        assertEquals(0, r0.code(), r0::toString);
        Path trained = dir.resolve("trained.safetensors");
        Path log = dir.resolve("log.jsonl");
        int epochs = 4;
        int batch = 7;
        double eta = 0.05;
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--init", init.toString(),
                "--loss", "squared_error", "--scale", "none", "--no-shuffle", "--optimizer", "sgd", "--eta",
                Double.toString(eta), "--batch-size", Integer.toString(batch), "--epochs", Integer.toString(epochs),
                "--out", trained.toString(), "--log-json", log.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);

        // The independent replay, in double precision.
        Model start = ModelFile.load(init);
        assertEquals("sigmoid", start.network().outputActivation().name());
        ReferenceNetwork ref = new ReferenceNetwork(start.network());
        CsvData csv = CsvReader.read(data, CsvFormat.defaults().withLabels("color"));
        Dataset d = csv.dataset();
        Loss loss = Loss.squaredError();
        double[] w = ref.parameters();
        double[] epochLoss = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int from = 0; from < d.size(); from += batch) {
                int m = Math.min(batch, d.size() - from);
                double[][] xs = new double[m][];
                double[][] ys = new double[m][];
                for (int c = 0; c < m; c++) {
                    xs[c] = toDouble(d.input(from + c));
                    ys[c] = toDouble(d.target(from + c));
                }
                sum += ref.error(loss, xs, ys);
                double[] g = ref.gradient(loss, xs, ys).flat();
                for (int j = 0; j < w.length; j++) {
                    w[j] -= eta / m * g[j];         // w ← w − (η/m) Σ_c ∂E_c/∂w, the batch mean
                    ref.setParameter(j, w[j]);
                }
            }
            epochLoss[e] = sum / d.size();
        }

        List<String> lines = Files.readAllLines(log);
        Pattern p = Pattern.compile("\"epoch\":(\\d+),\"train_loss\":([-0-9.Ee]+)");
        int seen = 0;
        for (String line : lines) {
            Matcher mt = p.matcher(line);
            if (mt.find()) {
                int e = Integer.parseInt(mt.group(1)) - 1;
                double v = Double.parseDouble(mt.group(2));
                assertEquals(epochLoss[e], v, 1e-5 * epochLoss[e], "epoch " + (e + 1) + " loss");
                seen++;
            }
        }
        assertEquals(epochs, seen);
        float[] got = ModelFile.load(trained).network().parameters();
        double worst = 0;
        double scale = 0;
        for (int j = 0; j < w.length; j++) {
            worst = Math.max(worst, Math.abs(got[j] - w[j]));
            scale = Math.max(scale, Math.abs(w[j]));
        }
        assertTrue(worst <= 1e-5 * scale, "largest weight difference " + worst + " of " + scale);
        // and the weights moved: the comparison is not of two starting points
        float[] w0 = start.network().parameters();
        double moved = 0;
        for (int j = 0; j < w.length; j++) {
            moved = Math.max(moved, Math.abs(got[j] - w0[j]));
        }
        assertTrue(moved > 100 * worst, "moved " + moved);
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
