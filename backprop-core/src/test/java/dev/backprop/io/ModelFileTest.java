package dev.backprop.io;

import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    static Model model(long seed) {
        Network net = Network.builder(4)
                .layer(3, Activation.leakyRelu(0.05))
                .layer(5, Activation.tanh())
                .layer(3, Activation.softmax())
                .seed(seed)
                .build();
        Map<String, String> training = new LinkedHashMap<>();
        training.put("optimizer", "adam");
        training.put("eta", "0.001");
        training.put("epochs", "30");
        training.put("batch_size", "10");
        training.put("note", "quotes \" and \\ and\nnewline, ünïcödé 🙂");
        Scaler scaling = new Scaler(Scaler.MINMAX,
                new float[] {0f, -1.5f, 2f, 1e-30f}, new float[] {1f / 255, 0.5f, -0.25f, 3f});
        return new Model(net, Loss.softmaxCrossEntropy(), List.of("cat", "dög \"q\"", "a,b"), scaling, training, seed);
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    static float[][] inputs() {
        float[][] xs = new float[20][4];
        for (int c = 0; c < xs.length; c++) {
            for (int j = 0; j < 4; j++) {
                xs[c][j] = (float) Math.sin(c * 4 + j) * 3f;
            }
        }
        return xs;
    }

    @Test
    void roundTripIsBitIdentical() throws IOException {
        Model m = model(-5);
        Path p = dir.resolve("m.safetensors");
        ModelFile.save(p, m);
        Model r = ModelFile.load(p);

        assertArrayEquals(m.network().sizes(), r.network().sizes());
        for (int i = 0; i < m.network().layers(); i++) {
            assertEquals(m.network().activation(i), r.network().activation(i));
        }
        assertArrayEquals(bits(m.network().parameters()), bits(r.network().parameters()));
        float[][] xs = inputs();
        float[][] a = m.network().predict(xs);
        float[][] b = r.network().predict(xs);
        for (int c = 0; c < xs.length; c++) {
            assertArrayEquals(bits(a[c]), bits(b[c]), "case " + c);
        }
        assertEquals(m.loss(), r.loss());
        assertEquals(m.classNames(), r.classNames());
        assertEquals(m.scaling(), r.scaling());
        assertEquals(m.training(), r.training());
        assertEquals(-5L, r.seed());
        assertEquals("1", r.formatVersion());
    }

    @Test
    void aScaleSoSmallThatDividingByItOverflowsIsRefusedNamingTheFileAndTensor(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tiny-scale.safetensors");
        for (float tiny : new float[] {1e-45f, 9e-31f, -1e-31f, 1e-30f}) {
            ModelFile.save(f, model(1));
            byte[] b = Files.readAllBytes(f);
            // scaler.scale is the last tensor: its four float32 values end the file
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(b.length - 16, tiny);
            Files.write(f, b);
            if (tiny == Scaler.MIN_SCALE) {
                assertEquals(tiny, ModelFile.load(f).scaling().scales()[0]);
                continue;
            }
            dev.backprop.data.InputFormatException e = assertThrows(dev.backprop.data.InputFormatException.class,
                    () -> ModelFile.load(f));
            assertEquals(f + ": byte " + (b.length - 16) + ": expected values of magnitude at least 1.0E-30 in tensor "
                    + "\"scaler.scale\" (inputs are divided by them; a smaller one overflows float32), found " + tiny
                    + " at index [0]", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Scaler(Scaler.STANDARD, new float[] {0}, new float[] {1e-45f}));
    }

    @Test
    void minimalModelRoundTrips() throws IOException {
        Network net = new Network(new int[] {1, 1}, Activation.identity());
        net.setParameters(new float[] {Float.MIN_VALUE, -0f});
        Path p = dir.resolve("tiny");
        ModelFile.save(p, Model.of(net, Loss.meanSquaredError(), Long.MIN_VALUE));
        Model r = ModelFile.load(p);
        assertArrayEquals(bits(net.parameters()), bits(r.network().parameters()));
        assertEquals(Scaler.none(), r.scaling());
        assertEquals(List.of(), r.classNames());
        assertEquals(Map.of(), r.training());
        assertEquals(Long.MIN_VALUE, r.seed());
    }

    @Test
    void fileIsPlainSafetensors() throws IOException, Json.SyntaxError {
        Model m = model(3);
        Path p = dir.resolve("m.safetensors");
        ModelFile.save(p, m);
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        Json.Obj root = (Json.Obj) Json.parse(raw, 8, 8 + (int) n, Integer.MAX_VALUE);
        List<String> keys = new ArrayList<>(root.members().keySet());
        assertEquals(new ArrayList<>(new TreeSet<>(keys)), keys, "keys sorted");
        assertEquals(List.of("__metadata__", "layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "layers.2.W",
                "layers.2.b", "scaler.offset", "scaler.scale"), keys);
        Map<String, Json.Value> meta = ((Json.Obj) root.members().get("__metadata__")).members();
        assertEquals("4,3,5,3", ((Json.Str) meta.get("architecture")).value());
        assertEquals("leaky_relu(0.05),tanh,softmax", ((Json.Str) meta.get("activations")).value());
        assertEquals("softmax_cross_entropy", ((Json.Str) meta.get("loss")).value());
        assertEquals("1", ((Json.Str) meta.get("format_version")).value());
        assertEquals("minmax", ((Json.Str) meta.get("scaler")).value());
        assertEquals("3", ((Json.Str) meta.get("seed")).value());
        assertEquals("adam", ((Json.Str) meta.get("training.optimizer")).value());
        assertEquals("[\"cat\",\"dög \\\"q\\\"\",\"a,b\"]", ((Json.Str) meta.get("class_names")).value());

        ByteBuffer data = ByteBuffer.wrap(raw, 8 + (int) n, raw.length - 8 - (int) n).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        long expectedBegin = 0;
        for (String name : List.of("layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "layers.2.W", "layers.2.b",
                "scaler.offset", "scaler.scale")) {
            Map<String, Json.Value> t = ((Json.Obj) root.members().get(name)).members();
            assertEquals("F32", ((Json.Str) t.get("dtype")).value());
            List<Json.Value> off = ((Json.Arr) t.get("data_offsets")).items();
            long begin = ((Json.Num) off.get(0)).value();
            long end = ((Json.Num) off.get(1)).value();
            assertEquals(expectedBegin, begin, name + " follows the previous tensor");
            long count = 1;
            for (Json.Value d : ((Json.Arr) t.get("shape")).items()) {
                count *= ((Json.Num) d).value();
            }
            assertEquals(4 * count, end - begin, name);
            expectedBegin = end;
        }
        assertEquals(data.capacity(), expectedBegin, "tensors cover the data exactly");
        float[][] w1 = m.network().weights(1);
        Map<String, Json.Value> t = ((Json.Obj) root.members().get("layers.1.W")).members();
        assertEquals(List.of(5L, 3L), ((Json.Arr) t.get("shape")).items().stream()
                .map(v -> ((Json.Num) v).value()).toList());
        int base = (int) ((Json.Num) ((Json.Arr) t.get("data_offsets")).items().get(0)).value();
        for (int d = 0; d < 5; d++) {
            for (int s = 0; s < 3; s++) {
                assertEquals(Float.floatToRawIntBits(w1[d][s]),
                        Float.floatToRawIntBits(data.getFloat(base + 4 * (d * 3 + s))), "W[" + d + "][" + s + "]");
            }
        }
    }

    @Test
    void numpyReadsTheSameValues() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "no numpy");
        Path script = Path.of("..", "scripts", "read_model.py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), script + " exists");

        Model m = model(11);
        Path p = dir.resolve("m.safetensors");
        ModelFile.save(p, m);
        Process run = new ProcessBuilder(python.toString(), script.toString(), p.toString()).start();
        byte[] out = run.getInputStream().readAllBytes();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), err);
        Json.Obj root = (Json.Obj) Json.parse(out, 0, out.length, Integer.MAX_VALUE);

        Map<String, Json.Value> meta = ((Json.Obj) root.members().get("metadata")).members();
        assertEquals("4,3,5,3", ((Json.Str) meta.get("architecture")).value());
        assertEquals("quotes \" and \\ and\nnewline, ünïcödé 🙂", ((Json.Str) meta.get("training.note")).value());
        Map<String, Json.Value> tensors = ((Json.Obj) root.members().get("tensors")).members();
        assertEquals(8, tensors.size());
        Network net = m.network();
        for (int i = 0; i < net.layers(); i++) {
            float[] w = new float[net.layout().units(i) * net.layout().inputs(i)];
            System.arraycopy(net.parameters(), net.layout().weightOffset(i), w, 0, w.length);
            assertArrayEquals(bits(w), numpyBits(tensors, "layers." + i + ".W"));
            assertArrayEquals(bits(net.biases(i)), numpyBits(tensors, "layers." + i + ".b"));
            assertEquals(List.of((long) net.layout().units(i), (long) net.layout().inputs(i)),
                    ((Json.Arr) ((Json.Obj) tensors.get("layers." + i + ".W")).members().get("shape")).items().stream()
                            .map(v -> ((Json.Num) v).value()).toList());
        }
        assertArrayEquals(bits(m.scaling().offsets()), numpyBits(tensors, "scaler.offset"));
        assertArrayEquals(bits(m.scaling().scales()), numpyBits(tensors, "scaler.scale"));
    }

    private static int[] numpyBits(Map<String, Json.Value> tensors, String name) {
        List<Json.Value> items = ((Json.Arr) ((Json.Obj) tensors.get(name)).members().get("bits")).items();
        int[] b = new int[items.size()];
        for (int k = 0; k < b.length; k++) {
            b[k] = (int) ((Json.Num) items.get(k)).value();
        }
        return b;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savingOverAFileReplacesIt() throws IOException {
        Path p = dir.resolve("m.safetensors");
        ModelFile.save(p, model(1));
        Model second = model(2);
        ModelFile.save(p, second);
        assertArrayEquals(bits(second.network().parameters()), bits(ModelFile.load(p).network().parameters()));
        assertEquals(2L, ModelFile.load(p).seed());
        assertEquals(List.of("m.safetensors"), listing(), "no temporary files left");
    }

    @Test
    void failedSaveLeavesNoTempFileAndTheOldFileIntact() throws IOException {
        Path p = dir.resolve("m.safetensors");
        ModelFile.save(p, model(1));
        byte[] before = Files.readAllBytes(p);

        // the parent of the target is a regular file
        assertThrows(IOException.class, () -> ModelFile.save(p.resolve("inner.safetensors"), model(2)));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("m.safetensors"), listing());

        // the target is a non-empty directory: the temporary file is written, the move fails
        Path d = dir.resolve("taken");
        Files.createDirectory(d);
        Files.writeString(d.resolve("keep"), "x");
        assertThrows(IOException.class, () -> ModelFile.save(d, model(2)));
        assertTrue(Files.isRegularFile(d.resolve("keep")));
        assertEquals(List.of("m.safetensors", "taken"), listing());

        // a model that cannot be written is refused before anything is touched
        Model bad = model(3);
        bad.network().parameters()[4] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(p, bad));
        assertTrue(e.getMessage().contains("parameter 4"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("m.safetensors", "taken"), listing());
    }

    @Test
    void modelChecksItsParts() {
        Network net = new Network(new int[] {2, 3}, Activation.sigmoid());
        assertThrows(IllegalArgumentException.class, () -> Model.of(net, Loss.softmaxCrossEntropy(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Model(net, Loss.squaredError(), List.of(),
                new Scaler("standard", new float[3], new float[3]), Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Scaler("zscore", new float[2], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Scaler("none", new float[2], new float[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new Scaler("standard", new float[] {0, Float.NaN}, new float[] {1, 1}));
        // a zero scale would divide the inputs by zero; the Scaler refuses it, so the model does too
        assertThrows(IllegalArgumentException.class,
                () -> new Scaler("minmax", new float[] {0, 0}, new float[] {1, -0f}));
        assertThrows(IllegalArgumentException.class,
                () -> new Model(net, Loss.squaredError(), List.of(), Scaler.none(), Map.of("", "x"), 0));
        Model lone = new Model(net, Loss.squaredError(), List.of("\ud800"), Scaler.none(), Map.of(), 0);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("x"), lone));
        assertFalse(Files.exists(dir.resolve("x")));
        assertInstanceOf(List.class, lone.classNames());
    }

    @Test
    void classNamesThatLoadingWouldRefuseAreNotSaved() throws IOException {
        Network net = new Network(new int[] {2, 3}, Activation.softmax());
        for (List<String> names : List.of(List.of("a", "b"), List.of("a", "b", "a"))) {
            Model m = new Model(net, Loss.softmaxCrossEntropy(), names, Scaler.none(), Map.of(), 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFile.save(dir.resolve("n.safetensors"), m));
            assertTrue(e.getMessage().contains("class_names"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("n.safetensors")));
        }
        // none, one per output, and two for a single sigmoid output are fine
        Network one = new Network(new int[] {2, 1}, Activation.sigmoid());
        for (Model m : List.of(new Model(net, Loss.softmaxCrossEntropy(), List.of("a", "b", "c"), Scaler.none(),
                Map.of(), 0), Model.of(net, Loss.softmaxCrossEntropy(), 0), new Model(one, Loss.binaryCrossEntropy(),
                List.of("no", "yes"), Scaler.none(), Map.of(), 0))) {
            Path p = dir.resolve("ok.safetensors");
            ModelFile.save(p, m);
            assertEquals(m.classNames(), ModelFile.load(p).classNames());
        }
    }
}
