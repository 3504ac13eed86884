package dev.backprop.reference;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The reference uses a leaky ReLU's slope as the double given; the float kernels its nearest float. */
class LeakyReluSlopeTest {
    static final double SLOPE = 0.2;

    @Test
    void theReferenceUsesTheDoubleAsGiven() {
        assertNotEquals(SLOPE, (double) (float) SLOPE);
        Activation a = Activation.leakyRelu(SLOPE);
        double[] z = {-1.5, 2};
        double[] s = ReferenceNetwork.activate(a, z);
        assertEquals(SLOPE * -1.5, s[0]);
        assertEquals(SLOPE, ReferenceNetwork.jacobian(a, z, s, 0, 0));
        assertEquals(1.0, ReferenceNetwork.jacobian(a, z, s, 1, 1));
        assertEquals(0.01, ReferenceNetwork.jacobian(Activation.leakyRelu(), z, s, 0, 0));
    }

    @Test
    void theFloatKernelsUseItsNearestFloat() {
        Activation a = Activation.leakyRelu(SLOPE);
        float[] z = {-1.5f, 2f};
        float[] out = new float[2];
        a.forward(Kernels.scalar(), z, out, 0, 2, 1);
        assertEquals((float) SLOPE * -1.5f, out[0]);
        float[] delta = new float[2];
        a.backward(Kernels.scalar(), z, out, new float[] {1f, 1f}, delta, 0, 2, 1);
        assertEquals((float) SLOPE, delta[0]);
        assertEquals((float) SLOPE, ((Activation.LeakyRelu) a).kernelSlope());
    }
}
