package dev.backprop.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every builder option lands where the constructor's argument does; what is left out keeps the default. */
class OptimizerBuilderTest {

    /** Same description, and the same bits over the test's steps. */
    static void same(Optimizer expected, Optimizer built) {
        assertEquals(expected.describe(), built.describe());
        expected.prepare(OptimizerTest.LAYOUT);
        built.prepare(OptimizerTest.LAYOUT);
        float[] a = OptimizerTest.W0.clone();
        float[] b = OptimizerTest.W0.clone();
        for (float[] g : OptimizerTest.GRADS) {
            expected.step(a, g, 0.5f, expected.learningRate());
            built.step(b, g, 0.5f, built.learningRate());
            assertArrayEquals(a, b, expected.describe());
        }
    }

    @Test
    void everyOptionLands() {
        same(new GradientDescent(0.3f, 0.02f), GradientDescent.builder().learningRate(0.3f).weightDecay(0.02f).build());
        same(new Momentum(0.3f, 0.7f, 0.02f),
                Momentum.builder().learningRate(0.3f).alpha(0.7f).weightDecay(0.02f).build());
        same(new Nesterov(0.3f, 0.6f, 0.02f), Nesterov.builder().learningRate(0.3f).mu(0.6f).weightDecay(0.02f).build());
        same(new AdaGrad(0.3f, 1e-3f, 0.02f),
                AdaGrad.builder().learningRate(0.3f).epsilon(1e-3f).weightDecay(0.02f).build());
        same(new RmsProp(0.3f, 0.8f, 1e-3f, 0.02f),
                RmsProp.builder().learningRate(0.3f).rho(0.8f).epsilon(1e-3f).weightDecay(0.02f).build());
        same(new Adam(0.3f, 0.8f, 0.95f, 1e-3f, 0.02f), Adam.builder().learningRate(0.3f).beta1(0.8f).beta2(0.95f)
                .epsilon(1e-3f).weightDecay(0.02f).build());
    }

    @Test
    void adamsEpsilonAloneNeedsNoOtherArgument() {
        same(new Adam(0.01f, 0.9f, 0.999f, 1e-4f, 0f), Adam.builder().learningRate(0.01f).epsilon(1e-4f).build());
    }

    @Test
    void leftOutOptionsKeepTheDefaultsOfTheShortestConstructor() {
        same(new GradientDescent(0.1f), GradientDescent.builder().learningRate(0.1f).build());
        same(new Momentum(0.1f, 0.9f), Momentum.builder().learningRate(0.1f).build());
        same(new Nesterov(0.1f, 0.9f), Nesterov.builder().learningRate(0.1f).build());
        same(new AdaGrad(0.1f), AdaGrad.builder().learningRate(0.1f).build());
        same(new RmsProp(0.1f), RmsProp.builder().learningRate(0.1f).build());
        same(new Adam(0.1f), Adam.builder().learningRate(0.1f).build());
    }

    @Test
    void aBuilderNeedsALearningRateAndChecksAsTheConstructorDoes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Adam.builder().build());
        assertEquals("Adam.builder(): no learning rate; call learningRate(eta)", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder().learningRate(0.1f).beta2(1f).build());
        assertEquals("beta2 must be in [0.0, 1.0), got 1.0", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RmsProp.builder().learningRate(Float.NaN).build());
    }

    @Test
    void freshCopiesHaveTheSameSettings() {
        for (Optimizer o : new Optimizer[] {new GradientDescent(0.3f, 0.02f), new Momentum(0.3f, 0.7f, 0.02f),
            new Nesterov(0.3f, 0.6f, 0.02f), new AdaGrad(0.3f, 1e-3f, 0.02f), new RmsProp(0.3f, 0.8f, 1e-3f, 0.02f),
            new Adam(0.3f, 0.8f, 0.95f, 1e-3f, 0.02f)}) {
            same(o, o.fresh());
        }
    }
}
