package dev.backprop.onnx;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The certificate: it passes the exporter's own graphs, refuses wrong ones, and the bytes read back whole. */
class OnnxExportTest {
    @TempDir
    Path dir;

    static Model model(Activation hidden, String scaling, String task, long seed) {
        return RandomModels.model(new RandomModels.Case(hidden, scaling, task), seed);
    }

    @Test
    void everyActivationScalingAndTaskIsCertified() throws OnnxCheckException {
        double largestShare = 0;
        long seed = 11;
        for (RandomModels.Case c : RandomModels.matrix()) {
            Model m = RandomModels.model(c, seed++);
            OnnxCertificate cert = OnnxExport.check(OnnxExport.encode(m, "t"), m, OnnxExport.sampleInputs(m, 200, seed),
                    200);
            assertTrue(cert.passed(), c + ": " + cert.line());
            assertTrue(cert.largestDifference() > 0 || c.hidden() instanceof Activation.Relu, c + ": " + cert.line());
            largestShare = Math.max(largestShare, cert.largestShare());
        }
        System.out.println("OnnxExportTest: the largest difference used " + largestShare + " of its bound");
    }

    @Test
    void theGraphIsTheModelsLayersInOrder() throws OnnxCheckException {
        Model m = model(Activation.leakyRelu(0.2), Scaler.MINMAX, "classification", 3);
        OnnxCertificate c = OnnxExport.check(OnnxExport.encode(m, "t"), m, OnnxExport.sampleInputs(m, 4, 1), 4);
        assertEquals("X[N,5] → Sub → Div → Gemm(8×5) → LeakyRelu(alpha=0.2) → Gemm(6×8) → LeakyRelu(alpha=0.2) "
                + "→ Gemm(3×6) → Softmax → Y[N,3]", c.graph());
        Model r = model(Activation.tanh(), Scaler.NONE, "regression", 3);
        OnnxCertificate cr = OnnxExport.check(OnnxExport.encode(r, "t"), r, OnnxExport.sampleInputs(r, 4, 1), 4);
        assertEquals("X[N,5] → Gemm(8×5) → Tanh → Gemm(6×8) → Tanh → Gemm(2×6) → Y[N,2]", cr.graph());
    }

    @Test
    void theBytesReadBackAsWritten() {
        Model m = model(Activation.sigmoid(), Scaler.STANDARD, "classification", 4);
        byte[] b = OnnxExport.encode(m, "9.9");
        DecodedModel d = DecodedModel.decode(b);
        assertEquals(7, d.irVersion());
        assertEquals(Map.of("", 13L), d.opsets());
        assertEquals("9.9", d.metadata().get("backprop_version"));
        assertEquals("standard", d.metadata().get("scaler"));
        assertEquals("softmax_cross_entropy", d.metadata().get("loss"));
        assertEquals("[\"cat\",\"dog\",\"\\\"quoted\\\" bird\"]", d.metadata().get("class_names"));
        Network net = m.network();
        assertArrayEquals(net.parameters(), concat(d, "layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b",
                "layers.2.W", "layers.2.b"));
        assertArrayEquals(m.scaling().offsets(), d.graph().initializers().get("scaler.offset").values());
        assertArrayEquals(new long[] {8, 5}, d.graph().initializers().get("layers.0.W").dims());
        assertEquals(-1, d.graph().nodes().get(d.graph().nodes().size() - 1).intAttribute("axis", 0));
    }

    private static float[] concat(DecodedModel d, String... names) {
        float[] all = new float[0];
        for (String n : names) {
            float[] v = d.graph().initializers().get(n).values();
            all = Arrays.copyOf(all, all.length + v.length);
            System.arraycopy(v, 0, all, all.length - v.length, v.length);
        }
        return all;
    }

    @Test
    void aWeightChangedInTheBytesIsRefusedAndNothingIsWritten() throws IOException {
        Model m = model(Activation.sigmoid(), Scaler.STANDARD, "classification", 5);
        byte[] b = OnnxExport.encode(m, "t");
        // the first layer's largest weight, 1% larger: an output moves by 2.2e-4, 135 times its bound
        float[] p = m.network().parameters();
        int j = 0;
        for (int i = 0; i < 40; i++) {
            j = Math.abs(p[i]) > Math.abs(p[j]) ? i : j;
        }
        int at = indexOf(b, p[j]);
        ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(p[j] * 1.01f);
        float[] x = OnnxExport.sampleInputs(m, 64, 2);
        Path file = dir.resolve("m.onnx");
        OnnxCheckException e = assertThrows(OnnxCheckException.class, () -> OnnxExport.write(file, b, m, x, 64));
        assertFalse(e.certificate().passed(), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertFalse(Files.exists(file));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary file left");
        }
    }

    @Test
    void aGraphOfAnotherSlopeOrActivationIsRefused() throws OnnxCheckException {
        Model m = model(Activation.leakyRelu(0.2), Scaler.NONE, "regression", 6);
        Model other = new Model(withActivation(m.network(), Activation.leakyRelu(0.21)), m.loss(), List.of(),
                m.scaling(), Map.of(), 6);
        float[] x = OnnxExport.sampleInputs(m, 64, 3);
        assertFalse(OnnxExport.check(OnnxExport.encode(other, "t"), m, x, 64).passed());
        Model relu = new Model(withActivation(m.network(), Activation.relu()), m.loss(), List.of(), m.scaling(),
                Map.of(), 6);
        assertFalse(OnnxExport.check(OnnxExport.encode(relu, "t"), m, x, 64).passed());
    }

    private static Network withActivation(Network net, Activation hidden) {
        Network n = new Network(net.sizes(), hidden, hidden, net.outputActivation());
        n.setParameters(net.parameters());
        return n;
    }

    @Test
    void aScalingOffByOneUlpIsRefused() throws OnnxCheckException {
        Model m = model(Activation.identity(), Scaler.STANDARD, "regression", 7);
        float[] o = m.scaling().offsets();
        o[0] = Math.nextUp(o[0]) * 1.0001f;
        Model shifted = new Model(m.network(), m.loss(), List.of(), new Scaler(Scaler.STANDARD, o,
                m.scaling().scales()), Map.of(), 7);
        float[] x = OnnxExport.sampleInputs(m, 64, 4);
        assertFalse(OnnxExport.check(OnnxExport.encode(shifted, "t"), m, x, 64).passed());
    }

    @Test
    void cutOrWrongBytesAreRefusedInOneLine() {
        Model m = model(Activation.tanh(), Scaler.MINMAX, "classification", 8);
        byte[] b = OnnxExport.encode(m, "t");
        float[] x = OnnxExport.sampleInputs(m, 8, 5);
        OnnxCheckException cut = assertThrows(OnnxCheckException.class,
                () -> OnnxExport.check(Arrays.copyOf(b, b.length - 3), m, x, 8));
        assertTrue(cut.getMessage().startsWith("the exported bytes do not read back as the model's graph: ONNX bytes, "
                + "offset "), cut.getMessage());
        Model wider = model(Activation.tanh(), Scaler.NONE, "regression", 8);
        OnnxCheckException other = assertThrows(OnnxCheckException.class,
                () -> OnnxExport.check(OnnxExport.encode(wider, "t"), m, x, 8));
        assertTrue(other.getMessage().contains("Y float [N, 3]"), other.getMessage());
    }

    @Test
    void aPassedExportIsWrittenWhole() throws IOException, OnnxCheckException {
        Model m = model(Activation.relu(), Scaler.MINMAX, "classification", 9);
        Path file = dir.resolve("m.onnx");
        OnnxCertificate c = OnnxExport.export(file, m, "t", OnnxExport.sampleInputs(m, 32, 1), 32);
        assertTrue(c.passed());
        assertArrayEquals(OnnxExport.encode(m, "t"), Files.readAllBytes(file));
        assertEquals(Files.size(file), c.bytes());
        assertTrue(c.line().startsWith("checked 32 cases: largest difference "), c.line());
    }

    @Test
    void aModelPastProtobufsLimitIsRefusedByItsSizeAlone() {
        // 30000 × 20000 weights: 2.4 GB of float32, never allocated (the tensors are read only when written)
        ParameterLayout big = new ParameterLayout(30000, 20000, 10);
        Activation[] acts = {Activation.relu(), Activation.softmax()};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxGraph.model(big, acts, new float[0], Scaler.none(), Map.of(), "t"));
        assertTrue(e.getMessage().contains("above protobuf's 2 GB limit (2147483647 bytes)"), e.getMessage());
        // just below the limit the arithmetic passes: 536,000,000 weights + 2 × 10 = 2,144,000,080 bytes of data
        ParameterLayout under = new ParameterLayout(26800, 20000, 10);
        assertTrue(OnnxGraph.model(under, acts, new float[0], Scaler.none(), Map.of(), "t").size()
                <= OnnxGraph.PROTOBUF_LIMIT);
    }

    @Test
    void theSizeArithmeticIsTheSizeWritten() {
        for (String task : RandomModels.TASKS) {
            Model m = model(Activation.sigmoid(), Scaler.MINMAX, task, 10);
            Activation[] acts = {m.network().activation(0), m.network().activation(1), m.network().activation(2)};
            ProtoMessage p = OnnxGraph.model(m.network().layout(), acts, m.network().parameters(), m.scaling(),
                    Map.of("k", "v"), "t");
            assertEquals(p.size(), p.toBytes().length);
        }
    }

    @Test
    void theSampleIsSeededAndInTheInputRange() {
        Model m = model(Activation.sigmoid(), Scaler.MINMAX, "classification", 12);
        float[] a = OnnxExport.sampleInputs(m, 100, 7);
        assertArrayEquals(a, OnnxExport.sampleInputs(m, 100, 7));
        float[] o = m.scaling().offsets();
        float[] s = m.scaling().scales();
        for (int i = 0; i < a.length; i++) {
            int j = i % 5;
            assertTrue(a[i] >= o[j] && a[i] <= o[j] + s[j], "feature " + j + ": " + a[i]);
        }
    }

    @Test
    void aNetworkOfZerosIsCertifiedThoughItsBoundIsZero() throws OnnxCheckException {
        Network net = new Network(new int[] {3, 2, 2}, Activation.relu(), Activation.identity());
        Model m = Model.of(net, Loss.meanSquaredError(), 1);
        OnnxCertificate c = OnnxExport.check(OnnxExport.encode(m, "t"), m, OnnxExport.sampleInputs(m, 10, 1), 10);
        assertEquals(0, c.boundThere());
        assertTrue(c.passed(), c.line());
    }

    @Test
    void aNetworkWhoseOutputIsNotFiniteIsNotCertified() {
        Network net = new Network(new int[] {1, 1}, Activation.identity());
        net.setParameters(new float[] {3e38f, 0});
        Model m = Model.of(net, Loss.meanSquaredError(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.check(OnnxExport.encode(m, "t"), m, new float[] {10}, 1));
        assertTrue(e.getMessage().startsWith("check case 1: the network's output 1 is Infinity"), e.getMessage());
    }

    /** The offset of a float's little-endian bytes in b; it must be the only one. */
    private static int indexOf(byte[] b, float v) {
        byte[] f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
        int found = -1;
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == f[0] && b[i + 1] == f[1] && b[i + 2] == f[2] && b[i + 3] == f[3]) {
                assertEquals(-1, found, "the weight's bytes occur twice");
                found = i;
            }
        }
        assertTrue(found >= 0);
        return found;
    }
}
