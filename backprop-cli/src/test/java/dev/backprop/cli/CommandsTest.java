package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.data.Classes;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.CsvInputs;
import dev.backprop.data.CsvReader;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Inference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    static double percent(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no match for " + regex + " in\n" + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainEvaluatePredictOnACsvWithStringClasses(@TempDir Path dir) throws Exception {
        Path train = Fixtures.blobs(dir, "train.csv", 300, 1);
        Path test = Fixtures.blobs(dir, "test.csv", 90, 2);
        Path model = dir.resolve("blobs.safetensors");
        Run t = Run.of("train", "--data", train.toString(), "--label-column", "color", "--hidden", "8",
                "--optimizer", "adam", "--eta", "0.01", "--epochs", "40", "--batch-size", "16", "--scale", "standard",
                "--validation-split", "0.2", "--test", test.toString(), "--out", model.toString(),
                "--plot", dir.resolve("curves.png").toString());
        assertEquals(0, t.code(), t::toString);
        assertTrue(t.out().contains("read " + train + ": 300 rows, 4 inputs, 3 classes"), t.out());
        assertTrue(t.out().contains("split: 240 training, 60 validation, 90 test cases"), t.out());
        assertTrue(percent(t.out(), "test: loss [0-9.]+, accuracy ([0-9.]+)%") > 90, t.out());
        DemoTest.assertNotBlank(javax.imageio.ImageIO.read(dir.resolve("curves.png").toFile()));

        Model m = ModelFile.load(model);
        assertEquals(List.of("blue", "green", "red"), m.classNames());
        assertEquals("standard", m.scaling().kind());
        assertEquals("f1\nf2\nf3\nf4", m.training().get("features"));

        Run e = Run.of("evaluate", "--model", model.toString(), "--data", test.toString(), "--label-column", "color");
        assertEquals(0, e.code(), e::toString);
        assertTrue(percent(e.out(), "accuracy ([0-9.]+)%") > 90);
        assertTrue(e.out().contains("precision"), e.out());
        Run md = Run.of("evaluate", "--model", model.toString(), "--data", test.toString(), "--label-column",
                "color", "--format", "markdown");
        assertTrue(md.out().contains("| actual ↓ / predicted → | blue | green | red |"), md.out());
        Run js = Run.of("evaluate", "--model", model.toString(), "--data", test.toString(), "--label-column",
                "color", "--format", "json");
        assertTrue(js.out().startsWith("{\"model\":"), js.out());
        assertTrue(js.out().contains("\"confusion\":[["), js.out());

        // predict: the label column is optional; the scaler is applied; outputs match the model bit for bit
        Path out = dir.resolve("pred.csv");
        Run p = Run.of("predict", "--model", model.toString(), "--data", test.toString(), "--label-column", "color",
                "--out", out.toString());
        assertEquals(0, p.code(), p::toString);
        List<String> lines = Files.readAllLines(out);
        assertEquals("predicted,blue,green,red", lines.get(0));
        assertEquals(91, lines.size());
        CsvInputs in = CsvReader.readInputs(test, CsvFormat.defaults().withLabels("color"), 4, null);
        m.scaling().apply(in.x(), in.rows(), 4);
        float[] y = new Inference(m.network()).outputs(in.x(), in.rows());
        int correct = 0;
        for (int r = 0; r < in.rows(); r++) {
            String[] cells = lines.get(r + 1).split(",");
            for (int k = 0; k < 3; k++) {
                assertEquals(Float.floatToRawIntBits(y[r * 3 + k]), Float.floatToRawIntBits(Float.parseFloat(cells[k + 1])),
                        "row " + r + " class " + k);
            }
            assertEquals(m.classNames().get(Classes.argmax(y, r * 3, 3)), cells[0]);
            if (cells[0].equals(Fixtures.COLORS[r % 3])) {
                correct++;
            }
        }
        assertTrue(correct > 80, correct + " of 90 right");
        // the same file without its label column gives the same predictions
        StringBuilder noLabel = new StringBuilder();
        for (String line : Files.readAllLines(test)) {
            String[] c = line.split(",");
            noLabel.append(c[0]).append(',').append(c[1]).append(',').append(c[3]).append(',').append(c[4]).append('\n');
        }
        Path unlabelled = dir.resolve("new.csv");
        Files.writeString(unlabelled, noLabel);
        Run p2 = Run.of("predict", "--model", model.toString(), "--data", unlabelled.toString());
        assertEquals(0, p2.code(), p2::toString);
        assertEquals(String.join("\n", lines) + "\n", p2.out());
    }

    @Test
    void regressionWithTwoTargets(@TempDir Path dir) throws Exception {
        Path data = Fixtures.regression(dir, "reg.csv", 400, 3);
        Path model = dir.resolve("reg.safetensors");
        Run t = Run.of("train", "--data", data.toString(), "--label-column", "y1,y2", "--hidden", "16",
                "--activation", "tanh", "--optimizer", "adam", "--eta", "0.01", "--epochs", "60", "--batch-size", "16",
                "--test-split", "0.25", "--out", model.toString());
        assertEquals(0, t.code(), t::toString);
        assertTrue(percent(t.out(), "R² ([0-9.]+)") > 0.9, t.out());
        Model m = ModelFile.load(model);
        assertEquals("identity", m.network().outputActivation().name());
        assertEquals("mean_squared_error", m.loss().name());
        Run e = Run.of("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(e.out().contains("y1: MSE"), e.out());
        Run p = Run.of("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, p.code(), p::toString);
        assertTrue(p.out().startsWith("y1,y2\n"), p.out().substring(0, 40));
        assertEquals(401, p.out().split("\n").length);
    }

    @Test
    void idxImagesAndLabelsPlainAndGzip(@TempDir Path dir) throws Exception {
        Path[] train = Fixtures.idx(dir, "train", 400, 4, true);
        Path[] test = Fixtures.idx(dir, "test", 100, 5, false);
        Path model = dir.resolve("idx.safetensors");
        Run t = Run.of("train", "--data", train[0].toString(), "--labels", train[1].toString(), "--layers", "16,8,4",
                "--eta", "0.5", "--epochs", "20", "--batch-size", "10", "--test", test[0].toString(), "--test-labels",
                test[1].toString(), "--out", model.toString(), "--log-json", dir.resolve("log.jsonl").toString());
        assertEquals(0, t.code(), t::toString);
        assertTrue(t.out().contains("400 rows, 16 inputs, 4 classes (IDX"), t.out());
        assertTrue(percent(t.out(), "test: loss [0-9.]+, accuracy ([0-9.]+)%") > 95, t.out());
        List<String> log = Files.readAllLines(dir.resolve("log.jsonl"));
        assertEquals(22, log.size(), "start, 20 epochs, end");
        assertTrue(log.get(0).startsWith("{\"event\":\"start\""), log.get(0));
        assertTrue(log.get(20).matches("\\{\"event\":\"epoch\",\"epoch\":20,\"train_loss\":[0-9.E-]+,.*"), log.get(20));
        assertTrue(log.get(21).contains("\"test_accuracy\":"), log.get(21));

        Run e = Run.of("evaluate", "--model", model.toString(), "--data", test[0].toString(), "--labels",
                test[1].toString(), "--plot", dir.resolve("cm.png").toString());
        assertEquals(0, e.code(), e::toString);
        DemoTest.assertNotBlank(javax.imageio.ImageIO.read(dir.resolve("cm.png").toFile()));
        Run p = Run.of("predict", "--model", model.toString(), "--data", test[0].toString());
        assertEquals(0, p.code(), p::toString);
        assertEquals("predicted,0,1,2,3", p.out().split("\n")[0]);
        assertEquals(101, p.out().split("\n").length);
    }

    @Test
    void sameSeedSameModelBytesForOneTwoAndFourThreads(@TempDir Path dir) throws Exception {
        Path train = Fixtures.blobs(dir, "train.csv", 600, 6);
        byte[] first = null;
        for (String threads : new String[] {"1", "2", "4"}) {
            Path model = dir.resolve("m" + threads + ".safetensors");
            Run t = Run.of("train", "--data", train.toString(), "--label-column", "color", "--hidden", "64,32",
                    "--optimizer", "momentum", "--epochs", "3", "--batch-size", "300", "--threads", threads,
                    "--validation-split", "0.1", "--out", model.toString(), "--quiet");
            assertEquals(0, t.code(), t::toString);
            assertEquals("", t.out(), "--quiet prints nothing");
            byte[] bytes = Files.readAllBytes(model);
            if (first == null) {
                first = bytes;
            } else {
                assertArrayEquals(first, bytes, threads + " threads");
            }
        }
    }

    @Test
    void versionAndHelp() {
        Run v = Run.of("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("backprop "), v.out());
        for (String cmd : new String[] {"train", "evaluate", "predict", "gradcheck", "explain", "demo", "bench"}) {
            Run h = Run.of(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().startsWith("Usage: backprop " + cmd), h.out());
        }
    }
}
