package dev.backprop.io;

import dev.backprop.Generator;
import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random models (architecture, activations, a loss that fits, any finite parameter bits, scaling,
 * class names and training settings holding quotes, backslashes, control characters and non-ASCII
 * text) saved and loaded: the loaded model is the saved one, bit for bit, and the file has the
 * documented layout (data 8-byte aligned, as many data bytes as parameters and scaler values).
 * Each case is drawn from its seed by a {@link Generator}; a failure prints the seed and the
 * command that reruns it.
 */
@ExtendWith(Generator.ReportsSeed.class)
class ModelFileRoundTripPropertyTest {
    private static final String[] ACTIVATIONS = {"sigmoid", "tanh", "relu", "leaky_relu", "identity"};
    private static final String[] LOSSES = {"squared_error", "mean_squared_error", "softmax_cross_entropy",
        "binary_cross_entropy"};
    private static final String ALPHABET = "aZ09 ,\"\\/\n\t\r\u0000\u001b\u007féß€🙂[]{}:";

    /** A model's architecture: layer sizes (inputs first), each layer's activation, a loss that fits. */
    record ModelCase(long seed, int[] sizes, String[] activations, String loss, long data) {
        static ModelCase draw(Generator g) {
            int layers = g.between(1, 3);
            int[] sizes = new int[layers + 1];
            for (int i = 0; i <= layers; i++) {
                sizes[i] = g.between(1, 6);
            }
            String[] acts = new String[layers];
            for (int i = 0; i < layers; i++) {
                acts[i] = ACTIVATIONS[g.between(0, ACTIVATIONS.length - 1)];
                if (acts[i].equals("leaky_relu") && g.nextBoolean()) {
                    acts[i] = "leaky_relu(" + (float) g.nextDouble(0, 2) + ")";
                }
            }
            if (g.nextInt(3) == 0) {
                acts[layers - 1] = "softmax";
            }
            List<String> fitting = new ArrayList<>();
            for (String l : LOSSES) {
                try {
                    Loss.parse(l).checkOutput(Activation.parse(acts[layers - 1]));
                    fitting.add(l);
                } catch (IllegalArgumentException e) {
                    // does not fit this output
                }
            }
            return new ModelCase(g.seed(), sizes, acts, fitting.get(g.nextInt(fitting.size())), g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": sizes " + Arrays.toString(sizes) + ", " + String.join(" ", activations) + ", "
                    + loss;
        }
    }

    static Stream<ModelCase> models() {
        return Generator.cases("model", 100, ModelCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("models")
    void savedModelsLoadBackExactly(ModelCase input) throws IOException {
        Generator rnd = new Generator(input.data());
        int[] sizes = input.sizes();
        int layers = sizes.length - 1;
        Activation[] acts = new Activation[layers];
        for (int i = 0; i < layers; i++) {
            acts[i] = Activation.parse(input.activations()[i]);
        }
        Network net = new Network(sizes, acts);
        float[] p = new float[net.parameters().length];
        for (int j = 0; j < p.length; j++) {
            p[j] = finite(rnd);
        }
        net.setParameters(p);
        Loss loss = Loss.parse(input.loss());

        int outputs = sizes[layers];
        int named = new int[] {0, outputs, outputs == 1 ? 2 : outputs}[rnd.nextInt(3)];
        LinkedHashSet<String> names = new LinkedHashSet<>();
        while (names.size() < named) {
            names.add(text(rnd, 6));
        }
        Map<String, String> training = new LinkedHashMap<>();
        for (int t = rnd.nextInt(4); t > 0; t--) {
            training.put("k" + text(rnd, 5), text(rnd, 8));
        }
        Scaler scaling = Scaler.none();
        if (rnd.nextBoolean()) {
            float[] off = new float[sizes[0]];
            float[] scale = new float[sizes[0]];
            for (int j = 0; j < off.length; j++) {
                off[j] = finite(rnd);
                do {
                    scale[j] = finite(rnd);
                } while (!(Math.abs(scale[j]) >= Scaler.MIN_SCALE));
            }
            scaling = new Scaler(rnd.nextBoolean() ? Scaler.MINMAX : Scaler.STANDARD, off, scale);
        }
        Model m = new Model(net, loss, new ArrayList<>(names), scaling, training, rnd.nextLong());

        Path file = Files.createTempFile("roundtrip", ".safetensors");
        try {
            ModelFile.save(file, m);
            byte[] bytes = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
            long values = p.length + (scaling.kind().equals(Scaler.NONE) ? 0 : 2L * sizes[0]);
            assertEquals(8 + headerLength + 4 * values, bytes.length);

            Model back = ModelFile.load(file);
            assertArrayEquals(sizes, back.network().sizes());
            for (int i = 0; i < layers; i++) {
                assertEquals(acts[i].name(), back.network().activation(i).name());
            }
            assertArrayEquals(bits(p), bits(back.network().parameters()));
            assertEquals(loss, back.loss());
            assertEquals(m.classNames(), back.classNames());
            assertEquals(m.training(), back.training());
            assertEquals(m.seed(), back.seed());
            assertEquals(scaling.kind(), back.scaling().kind());
            assertArrayEquals(bits(scaling.offsets()), bits(back.scaling().offsets()));
            assertArrayEquals(bits(scaling.scales()), bits(back.scaling().scales()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static float finite(Generator rnd) {
        float v;
        do {
            v = Float.intBitsToFloat(rnd.nextBits());
        } while (!Float.isFinite(v));
        return v;
    }

    static String text(Generator rnd, int n) {
        int[] cps = ALPHABET.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(n + 1); i > 0; i--) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
