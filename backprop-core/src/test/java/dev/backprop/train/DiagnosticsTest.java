package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Initializer;
import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnosticsTest {

    static Dataset data(float scale) {
        Rng rng = new Rng(4);
        int n = 300;
        float[][] x = new float[n][4];
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < 4; j++) {
                x[c][j] = scale * (float) (rng.nextDouble() - 0.5);
            }
            labels[c] = x[c][0] > x[c][1] ? 1 : 0;
        }
        return Dataset.classification(x, labels, 2);
    }

    private static List<String> train(Network net, Dataset data, int epochs) {
        List<String> out = new ArrayList<>();
        Diagnostics d = new Diagnostics(net, data, Loss.softmaxCrossEntropy(), out::add);
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.001f)).batchSize(10)
                .epochs(epochs).listener(d).build()).fit(net, data);
        assertEquals(out, d.warnings());
        return out;
    }

    @Test
    void aHealthyRunGetsNoWarnings() {
        Network net = Network.builder(4).layer(8, Activation.sigmoid()).layer(8, Activation.tanh())
                .layer(2, Activation.softmax()).initializer(Initializer.xavier()).seed(1).build();
        assertEquals(List.of(), train(net, data(1), 3));
    }

    @Test
    void unscaledInputsAreReportedOnceWhenTheListenerIsCreated() {
        Network net = Network.builder(4).layer(8, Activation.relu()).layer(2, Activation.softmax())
                .initializer(Initializer.he()).seed(1).build();
        List<String> out = new ArrayList<>();
        new Diagnostics(net, data(1000), Loss.softmaxCrossEntropy(), out::add);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).contains("outside ±10") && out.get(0).contains("unscaled"), out.get(0));
        // about 98% of uniform values in ±500 lie beyond ±10
        assertTrue(out.get(0).startsWith("98."), out.get(0));
        out.clear();
        new Diagnostics(net, data(19), Loss.softmaxCrossEntropy(), out::add);   // all within ±9.5
        assertEquals(List.of(), out);
    }

    @Test
    void aSaturatedLayerIsNamedOnceAndOnlyThatLayer() {
        Network net = Network.builder(4).layer(8, Activation.sigmoid()).layer(8, Activation.tanh())
                .layer(2, Activation.softmax()).initializer(Initializer.xavier()).seed(1).build();
        float[][] w = net.weights(0);
        for (float[] row : w) {
            for (int s = 0; s < row.length; s++) {
                row[s] *= 200;   // |z| in the hundreds for inputs in ±0.5: sigmoid pinned at 0 or 1
            }
        }
        net.setWeights(0, w);
        List<String> out = train(net, data(1), 3);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("after epoch 1: layer index 0 (seed layer 2; sigmoid, 8 units) is saturated"), out.get(0));
    }

    @Test
    void aVanishingErrorSignalIsReported() {
        // eight sigmoid layers: σ' ≤ 1/4 at each shrinks δ by more than 10^3 from output to input
        Network.Builder b = Network.builder(4);
        for (int i = 0; i < 8; i++) {
            b.layer(16, Activation.sigmoid());
        }
        Network deep = b.layer(2, Activation.softmax()).initializer(Initializer.xavier()).seed(2).build();
        List<String> out = train(deep, data(1), 2);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("after epoch 1: the error signal vanishes")
                && out.get(0).contains("(layer index 8, seed layer 10)"), out.get(0));
        // the same depth with relu and He initialization keeps its gradients
        Network.Builder r = Network.builder(4);
        for (int i = 0; i < 8; i++) {
            r.layer(16, Activation.relu());
        }
        Network relu = r.layer(2, Activation.softmax()).initializer(Initializer.he()).seed(2).build();
        assertEquals(List.of(), train(relu, data(1), 2));
    }
}
