package dev.backprop.nn;

import dev.backprop.data.Dataset;
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
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("3 × 4")
                && e.getMessage().contains("4 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.setWeights(1, new float[3][5]));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("3 × 4")
                && e.getMessage().contains("5 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.setBiases(0, new float[3]));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("4 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(new float[] {1, 2}));
        assertTrue(e.getMessage().contains("input row 0 has 2 values; expected 3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> net.weights(3));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Network(new int[] {3, 4}, Activation.sigmoid(), Activation.sigmoid()));
        assertTrue(e.getMessage().contains("1 layers but 2 activations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network(new int[] {3, 0}, Activation.sigmoid()));
        assertTrue(e.getMessage().contains("layer size 1 must be >= 1"), e.getMessage());
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
