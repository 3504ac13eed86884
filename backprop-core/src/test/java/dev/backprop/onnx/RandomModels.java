package dev.backprop.onnx;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Seeded random models for the export tests: every activation, every scaling, both tasks. */
final class RandomModels {
    static final List<Activation> ACTIVATIONS = List.of(Activation.sigmoid(), Activation.tanh(), Activation.relu(),
            Activation.leakyRelu(0.2), Activation.softmax(), Activation.identity());
    static final List<String> SCALINGS = List.of(Scaler.NONE, Scaler.MINMAX, Scaler.STANDARD);
    /** The output layer: softmax over three named classes, identity for two regression targets, or the hidden activation. */
    static final List<String> TASKS = List.of("classification", "regression", "same");

    private RandomModels() {
    }

    /** One case of the matrix: hidden activation, scaling, task. */
    record Case(Activation hidden, String scaling, String task) {
        @Override
        public String toString() {
            return hidden.name() + ", " + scaling + ", " + task;
        }
    }

    static List<Case> matrix() {
        List<Case> all = new ArrayList<>();
        for (Activation a : ACTIVATIONS) {
            for (String s : SCALINGS) {
                for (String t : TASKS) {
                    all.add(new Case(a, s, t));
                }
            }
        }
        return all;
    }

    /** A 5-8-6-k network of the case, its weights and biases drawn from the seed, the scaling random too. */
    static Model model(Case c, long seed) {
        Rng rng = new Rng(seed);
        Activation out;
        Loss loss;
        List<String> classes = List.of();
        int k;
        if (c.task().equals("classification")) {
            out = Activation.softmax();
            loss = Loss.softmaxCrossEntropy();
            classes = List.of("cat", "dog", "\"quoted\" bird");
            k = 3;
        } else if (c.task().equals("regression")) {
            out = Activation.identity();
            loss = Loss.meanSquaredError();
            k = 2;
        } else {
            out = c.hidden();
            loss = Loss.squaredError();
            k = 4;
        }
        Network net = Network.builder(5).layer(8, c.hidden()).layer(6, c.hidden()).layer(k, out)
                .initializer(Initializer.xavier()).seed(seed).build();
        for (int i = 0; i < net.layers(); i++) {
            float[] b = new float[net.layout().units(i)];
            for (int d = 0; d < b.length; d++) {
                b[d] = (float) (rng.nextDouble() - 0.5);
            }
            net.setBiases(i, b);
        }
        return new Model(net, loss, classes, scaler(c.scaling(), 5, rng), Map.of("optimizer", "adam", "eta", "0.01"),
                seed);
    }

    private static Scaler scaler(String kind, int w, Rng rng) {
        if (kind.equals(Scaler.NONE)) {
            return Scaler.none();
        }
        float[] o = new float[w];
        float[] s = new float[w];
        for (int j = 0; j < w; j++) {
            o[j] = (float) (100 * rng.nextDouble() - 50);
            s[j] = (float) (0.1 + 20 * rng.nextDouble());
        }
        return new Scaler(kind, o, s);
    }
}
