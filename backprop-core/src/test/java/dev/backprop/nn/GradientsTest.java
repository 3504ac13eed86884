package dev.backprop.nn;

import dev.backprop.math.Rng;
import dev.backprop.reference.ReferenceNetwork;
import dev.backprop.reference.Trace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 path and the double reference give their gradients as one type, with the same
 * arguments in the same order, per layer in the seed's orientation (n_l × n_(l−1)).
 */
class GradientsTest {

    static float[][] rows(float[] flat, int cases, int width) {
        float[][] r = new float[cases][width];
        for (int c = 0; c < cases; c++) {
            System.arraycopy(flat, c * width, r[c], 0, width);
        }
        return r;
    }

    static double[][] widen(float[][] rows) {
        double[][] r = new double[rows.length][];
        for (int c = 0; c < rows.length; c++) {
            r[c] = new double[rows[c].length];
            for (int j = 0; j < rows[c].length; j++) {
                r[c][j] = rows[c][j];
            }
        }
        return r;
    }

    @Test
    void bothPathsGiveTheSameLayersInTheSeedsOrientation() {
        Rng rng = new Rng(17);
        Network net = new Network(new int[] {3, 5, 2}, Activation.tanh(), Activation.sigmoid())
                .initialize(Initializer.xavier(), 3);
        int cases = 4;
        float[][] x = rows(Pairs.inputs(rng, cases, 3), cases, 3);
        float[][] y = rows(Pairs.targets(Loss.squaredError(), rng, cases, 2), cases, 2);
        Gradients fast = net.gradient(Loss.squaredError(), x, y);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Gradients slow = ref.gradient(Loss.squaredError(), widen(x), widen(y));

        assertEquals(ref.error(Loss.squaredError(), widen(x), widen(y)), slow.error());
        assertEquals(slow.error(), fast.error(), 1e-6 * slow.error());
        ParameterLayout layout = net.layout();
        for (Gradients g : new Gradients[] {fast, slow}) {
            double[] flat = g.flat();
            for (int i = 0; i < layout.layers(); i++) {
                double[][] dW = g.weights(i);
                assertEquals(layout.units(i), dW.length, "rows of dE/dW, layer index " + i);
                for (int d = 0; d < dW.length; d++) {
                    assertEquals(layout.inputs(i), dW[d].length, "columns of dE/dW, layer index " + i);
                    for (int s = 0; s < dW[d].length; s++) {
                        assertEquals(flat[layout.weightOffset(i) + d * layout.inputs(i) + s], dW[d][s]);
                    }
                }
                double[] db = g.biases(i);
                for (int d = 0; d < db.length; d++) {
                    assertEquals(flat[layout.biasOffset(i) + d], db[d]);
                }
            }
        }
        for (int i = 0; i < layout.layers(); i++) {
            double[][] a = fast.weights(i);
            double[][] b = slow.weights(i);
            for (int d = 0; d < a.length; d++) {
                assertArrayEquals(b[d], a[d], 1e-6, "dE/dW, layer index " + i + ", row " + d);
            }
            assertArrayEquals(slow.biases(i), fast.biases(i), 1e-6, "dE/db, layer index " + i);
        }
    }

    @Test
    void theReferenceLayersAreTheTracesSeedLayers() {
        Network net = NetworkTest.figure1().initialize(Initializer.xavier(), 9);
        double[] x = {0.05, 0.6, -0.3};
        double[] y = {1, 0, 0, 1};
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Trace t = ref.trace(Loss.squaredError(), x, y);
        Gradients g = ref.gradient(Loss.squaredError(), new double[][] {x}, new double[][] {y});
        assertEquals(t.error, g.error());
        for (int i = 0; i < net.layers(); i++) {
            for (int d = 0; d < net.layout().units(i); d++) {
                assertArrayEquals(t.dEdw[i + 2][d], g.weights(i)[d], "dE/dw_ds of seed layer " + (i + 2));
            }
            assertArrayEquals(t.dEdb[i + 2], g.biases(i), "dE/db of seed layer " + (i + 2));
        }
    }

    @Test
    void theFloat32ValuesAreWidenedExactly() {
        Rng rng = new Rng(5);
        Network net = new Network(new int[] {4, 3}, Activation.softmax()).initialize(Initializer.xavier(), 1);
        float[] x = Pairs.inputs(rng, 2, 4);
        float[] y = Pairs.targets(Loss.softmaxCrossEntropy(), rng, 2, 3);
        Backpropagation bp = new Backpropagation(net, 2);
        float[] g32 = new float[net.layout().size()];
        bp.load(x, y, 0, 2);
        bp.forward(2);
        double e = bp.backward(Loss.softmaxCrossEntropy(), 2, g32);
        Gradients g = net.gradient(Loss.softmaxCrossEntropy(), rows(x, 2, 4), rows(y, 2, 3));
        assertEquals(e, g.error());
        double[] flat = g.flat();
        for (int j = 0; j < g32.length; j++) {
            assertEquals(Float.floatToRawIntBits(g32[j]), Float.floatToRawIntBits((float) flat[j]), "parameter " + j);
            assertEquals((double) g32[j], flat[j], "parameter " + j);
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Gradients.of(net.layout(), new double[3], 0));
        assertTrue(bad.getMessage().contains("has 15 parameters, got a gradient of 3"), bad.getMessage());
    }
}
