package dev.backprop.optim;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The online step fused into the backward pass is the optimizer's own: same bits, one step counted. */
class FusedStepTest {
    static final float[] X = {0.3f, -0.7f, 1.1f};
    static final float[] Y = {0f, 1f};

    static Network net() {
        return new Network(new int[] {3, 4, 2}, Activation.tanh(), Activation.sigmoid())
                .initialize(Initializer.xavier(), 9);
    }

    @Test
    void onlyPlainGradientDescentFuses() {
        assertTrue(new GradientDescent(0.1f).fusesOnlineStep());
        assertFalse(new GradientDescent(0.1f, 0.01f).fusesOnlineStep(), "weight decay is not in the fused step");
        for (Optimizer o : new Optimizer[] {new Momentum(0.1f, 0.9f), new Nesterov(0.1f, 0.9f), new AdaGrad(0.1f),
            new RmsProp(0.1f), new Adam(0.1f), new GradientDescent(0.1f, 0.01f)}) {
            assertFalse(o.fusesOnlineStep(), o.describe());
            Backpropagation pass = new Backpropagation(net(), 1);
            pass.load(X, Y, 0, 1);
            pass.forward(1);
            assertThrows(UnsupportedOperationException.class, () -> o.backwardAndStep(pass, Loss.squaredError(), 0.1f),
                    o.describe());
        }
    }

    @Test
    void theFusedStepHasTheBitsOfBackwardThenStepAndCountsOneStep() {
        Network fused = net();
        Network apart = fused.copy();
        Optimizer a = new GradientDescent(0.25f);
        Optimizer b = new GradientDescent(0.25f);
        a.prepare(fused.layout());
        b.prepare(apart.layout());
        Backpropagation pa = new Backpropagation(fused, 1);
        Backpropagation pb = new Backpropagation(apart, 1);
        float[] g = new float[apart.layout().size()];
        for (int t = 1; t <= 3; t++) {
            pa.load(X, Y, 0, 1);
            pa.forward(1);
            double ea = a.backwardAndStep(pa, Loss.squaredError(), 0.25f);
            pb.load(X, Y, 0, 1);
            pb.forward(1);
            double eb = pb.backward(Loss.squaredError(), 1, g);
            b.step(apart.parameters(), g, 1f, 0.25f);
            assertEquals(eb, ea, "E of step " + t);
            assertArrayEquals(apart.parameters(), fused.parameters(), "parameters after step " + t);
            assertEquals(t, a.steps());
        }
    }
}
