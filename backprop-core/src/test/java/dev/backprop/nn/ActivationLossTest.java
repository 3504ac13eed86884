package dev.backprop.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationLossTest {

    @Test
    void namesRoundTrip() {
        for (Activation a : Pairs.activations()) {
            assertEquals(a, Activation.parse(a.name()));
        }
        for (Loss l : new Loss[] {Loss.squaredError(), Loss.meanSquaredError(), Loss.softmaxCrossEntropy(),
                Loss.binaryCrossEntropy()}) {
            assertEquals(l, Loss.parse(l.name()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
        assertTrue(e.getMessage().contains("'swish'") && e.getMessage().contains("sigmoid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-1));
    }

    @Test
    void softmaxAndCrossEntropyAreStableForHugeInputs() {
        float[] z = {1000f, 0f, -1000f};
        float[] a = new float[3];
        Activation.softmax().forward(dev.backprop.math.Kernels.scalar(), z, a, 0, 3, 1);
        assertEquals(1f, a[0]);
        assertEquals(0f, a[1]);
        float[] y = {0, 1, 0};
        double e = Loss.softmaxCrossEntropy().value(z, a, y, 0, 3, 1);
        assertEquals(1000.0, e, 1e-9);            // −log softmax(z)_1 = 1000 + log(1 + e^−1000 + e^−2000)
        float[] zb = {100f, -100f};
        float[] ab = new float[2];
        Activation.sigmoid().forward(dev.backprop.math.Kernels.scalar(), zb, ab, 0, 2, 1);
        double bce = Loss.binaryCrossEntropy().value(zb, ab, new float[] {0, 1}, 0, 2, 1);
        assertEquals(200.0, bce, 1e-9);
    }

    @Test
    void fusedDeltasAreAMinusY() {
        float[] a = {0.2f, 0.7f, 0.1f};
        float[] y = {0, 1, 0};
        float[] d = new float[3];
        Loss.softmaxCrossEntropy().outputDelta(a, y, d, 0, 3, 1);
        assertEquals(0.2f, d[0]);
        assertEquals(0.7f - 1f, d[1], 1e-7f);
        Loss.binaryCrossEntropy().outputDelta(a, y, d, 0, 3, 1);
        assertEquals(0.1f, d[2]);
        assertTrue(Loss.softmaxCrossEntropy().fusedWith(Activation.softmax()));
        assertTrue(!Loss.squaredError().fusedWith(Activation.sigmoid()));
    }

    @Test
    void seedsErrorIsHalfTheSumOfSquaresOverCasesAndUnits() {
        float[] a = {1, 2, 3, 4};     // 2 cases × 2 units
        float[] y = {0, 0, 0, 0};
        assertEquals(0.5 * (1 + 4 + 9 + 16), Loss.squaredError().value(null, a, y, 0, 2, 2));
        assertEquals((1 + 4) / 2.0 + (9 + 16) / 2.0, Loss.meanSquaredError().value(null, a, y, 0, 2, 2));
    }
}
