package dev.backprop.io;

import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random models (architecture, activations, a loss that fits, any finite parameter bits, scaling,
 * class names and training settings holding quotes, backslashes, control characters and non-ASCII
 * text) saved and loaded: the loaded model is the saved one, bit for bit, and the file has the
 * documented layout (data 8-byte aligned, as many data bytes as parameters and scaler values).
 */
class ModelFileRoundTripPropertyTest {
    private static final String[] ACTIVATIONS = {"sigmoid", "tanh", "relu", "leaky_relu", "identity"};
    private static final String[] LOSSES = {"squared_error", "mean_squared_error", "softmax_cross_entropy",
        "binary_cross_entropy"};
    private static final String ALPHABET = "aZ09 ,\"\\/\n\t\r\u0000\u001b\u007féß€🙂[]{}:";

    @Property(tries = 100)
    void savedModelsLoadBackExactly(@ForAll long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        int layers = 1 + rnd.nextInt(3);
        int[] sizes = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            sizes[i] = 1 + rnd.nextInt(6);
        }
        Activation[] acts = new Activation[layers];
        for (int i = 0; i < layers; i++) {
            String a = ACTIVATIONS[rnd.nextInt(ACTIVATIONS.length)];
            if (a.equals("leaky_relu") && rnd.nextBoolean()) {
                a = "leaky_relu(" + (float) rnd.nextDouble(0, 2) + ")";
            }
            acts[i] = Activation.parse(a);
        }
        if (rnd.nextInt(3) == 0) {
            acts[layers - 1] = Activation.softmax();
        }
        Network net = new Network(sizes, acts);
        float[] p = new float[net.parameters().length];
        for (int j = 0; j < p.length; j++) {
            p[j] = finite(rnd);
        }
        net.setParameters(p);
        List<Loss> fitting = new ArrayList<>();
        for (String l : LOSSES) {
            try {
                Loss loss = Loss.parse(l);
                loss.checkOutput(acts[layers - 1]);
                fitting.add(loss);
            } catch (IllegalArgumentException e) {
                // does not fit this output
            }
        }
        Loss loss = fitting.get(rnd.nextInt(fitting.size()));

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
                } while (scale[j] == 0f);
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

    static float finite(SplittableRandom rnd) {
        float v;
        do {
            v = Float.intBitsToFloat(rnd.nextInt());
        } while (!Float.isFinite(v));
        return v;
    }

    static String text(SplittableRandom rnd, int n) {
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
