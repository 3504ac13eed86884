package dev.backprop.nn;

import dev.backprop.data.Dataset;
import dev.backprop.reference.ReferenceNetwork;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    static Network figure1() {
        return new Network(new int[] {3, 4, 3, 4}, Activation.sigmoid(), Activation.sigmoid(), Activation.sigmoid());
    }

    @Test
    void weightsAreReadAndWrittenInTheSeedsOrientation() {
        Network net = figure1();
        // W^3 of the seed (layer index 1 here) is (3 × 4): w_ds from unit s of layer 2 to unit d of layer 3.
        float[][] w = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        net.setWeights(1, w);
        net.setBiases(1, new float[] {0.1f, 0.2f, 0.3f});
        assertArrayEquals(w, net.weights(1));
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, net.biases(1));
        int off = net.layout().weightOffset(1);
        assertEquals(7f, net.parameters()[off + 1 * 4 + 2]);     // w_ds at d * n_(l−1) + s
        assertEquals(0.2f, net.parameters()[net.layout().biasOffset(1) + 1]);
        assertEquals(4 * 3 + 4 + 3 * 4 + 3 + 4 * 3 + 4, net.layout().size());
    }

    @Test
    void forwardComputesZEqualsWaPlusB() {
        Network net = new Network(new int[] {2, 2}, Activation.identity());
        net.setWeights(0, new float[][] {{1, 2}, {3, 4}});
        net.setBiases(0, new float[] {10, 20});
        assertArrayEquals(new float[] {10 + 1 * 5 + 2 * 6, 20 + 3 * 5 + 4 * 6}, net.predict(new float[] {5, 6}));
        Network s = new Network(new int[] {1, 1}, Activation.sigmoid());
        s.setWeights(0, new float[][] {{2}});
        assertEquals(1 / (1 + Math.exp(-2 * 0.5)), s.predict(new float[] {0.5f})[0], 1e-7);
    }

    @Test
    void mismatchedShapesNameTheLayerAndBothShapes() {
        Network net = figure1();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.setWeights(1, new float[4][3]));
        assertTrue(e.getMessage().startsWith("layer index 1 (seed layer 3): W must be 3 × 4")
                && e.getMessage().contains("4 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.setWeights(1, new float[3][5]));
        assertTrue(e.getMessage().startsWith("layer index 1 (seed layer 3): W must be 3 × 4")
                && e.getMessage().contains("5 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.setBiases(0, new float[3]));
        assertTrue(e.getMessage().startsWith("layer index 0 (seed layer 2): b must have 4 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(new float[] {1, 2}));
        assertTrue(e.getMessage().contains("input row 0 has 2 values; expected 3"), e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> net.weights(3));
        assertEquals("layer index 3 (seed layer 5) is not a weight layer of network [3, 4, 3, 4]; it has layer "
                + "indices 0..2 (seed layers 2..4)", o.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Network(new int[] {3, 4}, Activation.sigmoid(), Activation.sigmoid()));
        assertTrue(e.getMessage().contains("1 layers but 2 activations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network(new int[] {3, 0}, Activation.sigmoid()));
        assertEquals("layer size 1 must be >= 1 (n_1, the units of layer index 0, seed layer 2), got 0 in [3, 0]",
                e.getMessage());
    }

    @Test
    void everyLayerMethodSaysWhichNumberingItTakes() {
        Network net = figure1().initialize(Initializer.xavier(), 2);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Backpropagation bp = new Backpropagation(net, 1);
        bp.load(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 0, 0, 1}, 0, 1);
        bp.forward(1);
        assertEquals(4, ref.outputSeedLayer());
        assertEquals(3, ref.unitsOfSeedLayer(1));
        for (int i = 0; i < net.layers(); i++) {
            int l = ParameterLayout.seedLayer(i);
            assertEquals(i, ParameterLayout.layerIndex(l));
            assertEquals(net.layout().units(i), ref.unitsOfSeedLayer(l));
            float[][] w = net.weights(i);
            for (int d = 0; d < w.length; d++) {
                for (int s = 0; s < w[d].length; s++) {
                    assertEquals(w[d][s], ref.weightsOfSeedLayer(l)[d][s], "w_ds of layer index " + i);
                }
            }
            for (int d = 0; d < w.length; d++) {
                assertEquals(net.biases(i)[d], ref.biasesOfSeedLayer(l)[d], "b_d of layer index " + i);
            }
            assertEquals(net.layout().units(i), bp.weightedInputsOfSeedLayer(l, 1).length);
        }
        assertEquals(3, bp.activationsOfSeedLayer(1, 1).length);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ref.weightsOfSeedLayer(1));
        assertEquals("seed layer 1 (the input layer) is not a weight layer of network [3, 4, 3, 4]; it has seed "
                + "layers 2..4 (layer indices 0..2)", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> bp.activationsOfSeedLayer(5, 1));
        assertEquals("seed layer 5 (layer index 3) is not a layer of network [3, 4, 3, 4]; it has seed layers 1..4 "
                + "(the input layer, then layer indices 0..2)", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> net.biases(-1));
        assertEquals("layer index -1 (seed layer 1) is not a weight layer of network [3, 4, 3, 4]; it has layer "
                + "indices 0..2 (seed layers 2..4)", e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> new Network(new int[] {2, 2}, new Activation[] {null}));
        assertEquals("activation of layer index 0 (seed layer 2) is null", a.getMessage());
    }

    @Test
    void nanOrInfiniteInputsNameTheRow() {
        Network net = figure1();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.predict(new float[][] {{1, 2, 3}, {1, Float.NaN, 3}}));
        assertTrue(e.getMessage().contains("input row 1, column 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(new float[][] {{0}, {0}, {1}},
                new float[][] {{0}, {Float.POSITIVE_INFINITY}, {1}}));
        assertTrue(e.getMessage().contains("target row 1, column 0 is Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> net.setWeights(0, new float[][] {{0, 0, 0}, {0, 0, 0}, {0, Float.NaN, 0}, {0, 0, 0}}));
        assertTrue(e.getMessage().contains("W[2][1] is NaN"), e.getMessage());
    }

    @Test
    void copyIsIndependent() {
        Network a = Network.builder(2).layer(3, Activation.relu()).layer(1, Activation.identity()).seed(1).build();
        Network b = a.copy();
        assertArrayEquals(a.parameters(), b.parameters());
        b.parameters()[0] += 1;
        assertTrue(a.parameters()[0] != b.parameters()[0]);
        assertEquals("Network[2, 3, 1] [relu, identity]", a.toString());
    }
}
