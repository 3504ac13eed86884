package dev.backprop.nn;

import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InferenceTest {

    @Test
    void rawOutputsAreTheOutputLayersWeightedInputs() {
        Network softmax = Network.builder(3).layer(4, Activation.tanh()).layer(5, Activation.softmax())
                .initializer(Initializer.xavier()).seed(2).build();
        Network identity = new Network(softmax.sizes(), Activation.tanh(), Activation.identity());
        identity.setParameters(softmax.parameters());
        int cases = 11;
        float[] x = new float[cases * 3];
        Rng rng = new Rng(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble() * 2 - 1;
        }
        float[] raw = new float[cases * 5];
        // chunks of 4 cases: the raw scores of every chunk land at its cases
        float[] out = new Inference(softmax, dev.backprop.math.Kernels.defaults(), 4).outputs(x, cases, raw);
        assertArrayEquals(new Inference(softmax).outputs(x, cases), out);
        assertArrayEquals(new Inference(identity).outputs(x, cases), raw);
    }

    @Test
    void aRawBufferTooSmallIsRefused() {
        Network n = new Network(new int[] {2, 3}, Activation.softmax());
        assertThrows(IllegalArgumentException.class, () -> new Inference(n).outputs(new float[4], 2, new float[5]));
    }

    @Test
    void aReusedInstanceGivesTheBitsOfAFreshOneAfterASmallerCall() {
        // The kernels choose their summation order by shape: one case alone and the same case in a
        // chunk of 256 round differently, so buffers kept from a one-case call must not split a
        // later batch into chunks of one.
        Network net = Network.builder(64).layer(30, Activation.sigmoid()).layer(10, Activation.softmax())
                .initializer(Initializer.xavier()).seed(5).build();
        int cases = 300;
        float[] x = new float[cases * 64];
        Rng rng = new Rng(6);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble() * 16;
        }
        float[] fresh = new Inference(net).outputs(x, cases);
        float[] alone = new Inference(net).outputs(x, 1);
        Inference reused = new Inference(net);
        reused.outputs(x, 1);
        float[] out = new float[cases * 10];
        reused.outputs(x, cases, null, out);
        assertArrayEquals(fresh, out);
        assertArrayEquals(alone, reused.outputs(x, 1));
    }

    @Test
    void anOutputBufferTooSmallIsRefused() {
        Network n = new Network(new int[] {2, 3}, Activation.softmax());
        assertThrows(IllegalArgumentException.class, () -> new Inference(n).outputs(new float[4], 2, null,
                new float[5]));
    }
}
