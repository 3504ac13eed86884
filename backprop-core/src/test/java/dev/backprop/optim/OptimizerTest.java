package dev.backprop.optim;

import dev.backprop.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer against its update rule written out in double precision, over several steps with
 * changing gradients. Layout [1, 2]: W is 2 × 1 (parameters 0, 1), b has 2 (parameters 2, 3).
 */
class OptimizerTest {
    static final ParameterLayout LAYOUT = new ParameterLayout(1, 2);
    static final float[][] GRADS = {{0.5f, -1f, 2f, 0.25f}, {0.1f, -0.3f, -1f, 0.5f}, {-0.2f, 0.4f, 0.3f, -0.6f}};
    static final float[] W0 = {1f, -2f, 0.5f, 0f};

    interface Rule {
        /** Updates w (double) given g (already scaled, with decay) at step t from 1. */
        void step(double[] w, double[] g, int t);
    }

    static void check(Optimizer opt, float scale, float decay, Rule rule) {
        opt.prepare(LAYOUT);
        float[] w = W0.clone();
        double[] wd = new double[4];
        for (int j = 0; j < 4; j++) {
            wd[j] = W0[j];
        }
        for (int t = 1; t <= GRADS.length; t++) {
            opt.step(w, GRADS[t - 1], scale, opt.learningRate());
            double[] g = new double[4];
            for (int j = 0; j < 4; j++) {
                g[j] = scale * GRADS[t - 1][j] + (j < 2 ? decay * wd[j] : 0);   // decay on W only
            }
            rule.step(wd, g, t);
            for (int j = 0; j < 4; j++) {
                assertEquals(wd[j], w[j], 1e-5, opt.describe() + " step " + t + " parameter " + j);
            }
        }
        assertEquals(GRADS.length, opt.steps());
    }

    @Test
    void gradientDescentIsTheSeedsRule() {
        check(new GradientDescent(0.1f), 1f, 0f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                w[j] -= 0.1 * g[j];
            }
        });
        check(new GradientDescent(0.1f, 0.01f), 0.5f, 0.01f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                w[j] -= 0.1 * g[j];
            }
        });
    }

    @Test
    void momentumIsRumelhartHintonWilliams() {
        double[] dw = new double[4];
        check(new Momentum(0.1f, 0.9f), 1f, 0f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                dw[j] = -0.1 * g[j] + 0.9 * dw[j];
                w[j] += dw[j];
            }
        });
    }

    @Test
    void nesterov() {
        double[] v = new double[4];
        check(new Nesterov(0.1f, 0.9f), 1f, 0f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                v[j] = 0.9 * v[j] + g[j];
                w[j] -= 0.1 * (g[j] + 0.9 * v[j]);
            }
        });
    }

    @Test
    void adaGrad() {
        double[] s = new double[4];
        check(new AdaGrad(0.1f), 1f, 0f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                s[j] += g[j] * g[j];
                w[j] -= 0.1 * g[j] / (Math.sqrt(s[j]) + 1e-10);
            }
        });
    }

    @Test
    void rmsProp() {
        double[] s = new double[4];
        check(new RmsProp(0.01f), 1f, 0f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                s[j] = 0.9 * s[j] + 0.1 * g[j] * g[j];
                w[j] -= 0.01 * g[j] / (Math.sqrt(s[j]) + 1e-8);
            }
        });
    }

    @Test
    void adamWithBiasCorrection() {
        double[] m = new double[4];
        double[] v = new double[4];
        check(new Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f), 1f, 0.1f, (w, g, t) -> {
            for (int j = 0; j < 4; j++) {
                m[j] = 0.9 * m[j] + 0.1 * g[j];
                v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
                double mh = m[j] / (1 - Math.pow(0.9, t));
                double vh = v[j] / (1 - Math.pow(0.999, t));
                w[j] -= 0.01 * mh / (Math.sqrt(vh) + 1e-8);
            }
        });
        assertEquals(Math.pow(0.999, 12345), Adam.power(0.999, 12345), 1e-12);
    }

    @Test
    void aLearningRateAtOrBelowZeroIsRefused() {
        for (float bad : new float[] {0f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientDescent(bad));
            assertTrue(e.getMessage().contains("learning rate must be finite and > 0"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1f));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0.1f, -1f));
        Optimizer sgd = new GradientDescent(0.1f);
        sgd.prepare(LAYOUT);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(new float[4], new float[4], 1f, 0f));
    }

    @Test
    void schedules() {
        assertEquals(0.5, LearningRateSchedule.constant().rate(0.5, 99));
        LearningRateSchedule step = LearningRateSchedule.step(10, 0.5);
        assertEquals(1.0, step.rate(1, 9));
        assertEquals(0.5, step.rate(1, 10));
        assertEquals(0.25, step.rate(1, 25));
        assertEquals(0.9 * 0.9 * 0.9, LearningRateSchedule.exponential(0.9).rate(1, 3), 1e-15);
        LearningRateSchedule cos = LearningRateSchedule.cosine(10, 0.1);
        assertEquals(1.0, cos.rate(1, 0), 1e-15);
        assertEquals(0.55, cos.rate(1, 5), 1e-12);
        assertTrue(cos.rate(1, 9) > 0.1 && cos.rate(1, 9) < 0.2);
        assertEquals(cos.rate(1, 9), cos.rate(1, 30));
        assertTrue(LearningRateSchedule.cosine(10, 0).rate(1, 100) > 0);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(1.5));
    }
}
