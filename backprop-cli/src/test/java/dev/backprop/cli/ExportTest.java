package dev.backprop.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop export}: a trained model's ONNX file, certified, that ONNX Runtime runs as {@code predict} does. */
class ExportTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void train() throws IOException {
        data = Fixtures.blobs(dir, "blobs.csv", 150, 3);
        model = dir.resolve("blobs.safetensors");
        Run t = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "8",
                "--activation", "leaky_relu(0.1)", "--optimizer", "adam", "--eta", "0.01", "--epochs", "20",
                "--scale", "standard", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t::toString);
    }

    @Test
    void theExportIsCertifiedAndOnnxRuntimePredictsAsPredictDoes() throws IOException, OrtException {
        Path onnx = dir.resolve("blobs.onnx");
        Run r = Run.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--data", data.toString(),
                "--label-column", "color", "--sample", "100");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("model [4, 8, 3], activations leaky_relu(0.1),softmax, loss softmax_cross_entropy, scaling "
                + "standard", lines.get(0));
        assertEquals("sample: 100 of the 150 rows of " + data, lines.get(1));
        assertEquals("graph: X[N,4] → Sub → Div → Gemm(8×4) → LeakyRelu(alpha=0.1) → Gemm(3×8) → Softmax → Y[N,3]",
                lines.get(2));
        assertTrue(lines.get(3).matches("checked 100 cases: largest difference \\S+ ≤ bound \\S+ \\(every output "
                + "within its own bound, at most \\S+% of it\\)"), lines.get(3));
        assertEquals("wrote " + onnx + " (" + String.format(java.util.Locale.ROOT, "%,d", Files.size(onnx))
                + " bytes, ONNX opset 13, IR version 7)", lines.get(4));

        Path predictions = dir.resolve("p.csv");
        Run p = Run.of("predict", "--model", model.toString(), "--data", data.toString(), "--label-column", "color",
                "--out", predictions.toString());
        assertEquals(0, p.code(), p::toString);
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("predicted,blue,green,red", rows.get(0));
        List<String> csv = Files.readAllLines(data);
        float[] x = new float[4 * (csv.size() - 1)];
        for (int r0 = 1; r0 < csv.size(); r0++) {
            String[] f = csv.get(r0).split(",");
            int[] cols = {0, 1, 3, 4};
            for (int j = 0; j < 4; j++) {
                x[(r0 - 1) * 4 + j] = Float.parseFloat(f[cols[j]]);
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {csv.size() - 1, 4});
             OrtSession.Result res = s.run(Map.of("X", t))) {
            assertEquals("[\"blue\",\"green\",\"red\"]", s.getMetadata().getCustomMetadata().get("class_names"));
            float[][] y = (float[][]) res.get(0).getValue();
            for (int c = 0; c < y.length; c++) {
                String[] cells = rows.get(c + 1).split(",");
                for (int k = 0; k < 3; k++) {
                    float ours = Float.parseFloat(cells[k + 1]);
                    assertTrue(Math.abs(y[c][k] - ours) <= 1e-6, "row " + (c + 1) + " class " + k + ": ONNX Runtime "
                            + y[c][k] + ", predict " + ours);
                }
            }
        }
    }

    @Test
    void withoutDataTheSampleIsSeededRandomInputs() {
        Path onnx = dir.resolve("random.onnx");
        Run r = Run.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--sample", "50");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sample: 50 seeded random inputs in the model's input range (seed "), r.out());
        assertTrue(r.out().contains("checked 50 cases: largest difference "), r.out());
        assertTrue(Files.isRegularFile(onnx));
    }

    @Test
    void aSampleLargerThanTheDataChecksEveryRow() {
        Path onnx = dir.resolve("all.onnx");
        Run r = Run.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--data", data.toString(),
                "--label-column", "color", "--sample", "1000");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sample: 150 of the 150 rows of " + data + "\n"), r.out());
        assertTrue(r.out().contains("checked 150 cases: "), r.out());
    }

    @Test
    void theRootListsTheCommandAndItsHelpNamesEveryOption() {
        Run root = Run.of("--help");
        assertTrue(root.out().contains("  export "), root.out());
        Run h = Run.of("export", "--help");
        assertEquals(0, h.code(), h::toString);
        for (String option : new String[] {"--model", "--onnx", "--data", "--labels", "--sample", "--label-column"}) {
            assertTrue(h.out().contains(option), () -> option + " in " + h.out());
        }
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path onnx = dir.resolve("bad.onnx");
        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3});
        Run.assertBadInput(Run.of("export", "--model", dir.resolve("none.safetensors").toString(), "--onnx",
                onnx.toString()), "backprop export: file not found: ", "none.safetensors");
        Run.assertBadInput(Run.of("export", "--model", garbage.toString(), "--onnx", onnx.toString()),
                "backprop export: ", "garbage.safetensors");
        Run.assertBadInput(Run.of("export", "--model", model.toString(), "--onnx",
                dir.resolve("no-such-folder/m.onnx").toString()), "--onnx ", "does not exist");
        Run.assertBadInput(Run.of("export", "--model", model.toString(), "--onnx", model.toString()),
                "--onnx " + model + " is also --model");
        Run.assertBadInput(Run.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--sample", "0"),
                "--sample 0: expected 1 or more cases");
        Run.assertBadInput(Run.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--data",
                dir.resolve("none.csv").toString()), "none.csv");
        Run.assertBadInput(Run.of("export", "--model", model.toString()), "--onnx");
        assertFalse(Files.exists(onnx));
    }
}
