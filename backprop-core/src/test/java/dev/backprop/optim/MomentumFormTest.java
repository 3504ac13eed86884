package dev.backprop.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two forms of momentum: the same at a fixed learning rate, different under a schedule, and
 * PyTorch's form step for step as {@code torch.optim.SGD(momentum=μ, dampening=0)}.
 */
class MomentumFormTest {
    static final float[] RATES = {0.1f, 0.1f, 0.1f, 0.02f, 0.02f, 0.005f};

    /** Runs the optimizer over the test gradients (cycled) with the given rate per step. */
    static float[] run(Optimizer opt, float[] rates, float scale) {
        opt.prepare(OptimizerTest.LAYOUT);
        float[] w = OptimizerTest.W0.clone();
        for (int t = 0; t < rates.length; t++) {
            opt.step(w, OptimizerTest.GRADS[t % OptimizerTest.GRADS.length], scale, rates[t]);
        }
        return w;
    }

    @Test
    void atAFixedRateTheFormsAgreeToRounding() {
        float[] rates = new float[30];
        java.util.Arrays.fill(rates, 0.05f);
        float[] rhw = run(Momentum.rhw(0.05f, 0.9f), rates, 0.5f);
        float[] torch = run(Momentum.pytorch(0.05f, 0.9f), rates, 0.5f);
        for (int j = 0; j < rhw.length; j++) {
            assertEquals(rhw[j], torch[j], 1e-5 * Math.max(1, Math.abs(rhw[j])), "parameter " + j);
        }
    }

    @Test
    void underAScheduleTheyDiffer() {
        float[] rhw = run(Momentum.rhw(0.1f, 0.9f), RATES, 1f);
        float[] torch = run(Momentum.pytorch(0.1f, 0.9f), RATES, 1f);
        double most = 0;
        for (int j = 0; j < rhw.length; j++) {
            most = Math.max(most, Math.abs(rhw[j] - torch[j]));
        }
        assertTrue(most > 1e-2, "largest difference " + most);
    }

    @Test
    void thePyTorchFormIsTorchSgdWithMomentumStepForStep() {
        float mu = 0.8f;
        float decay = 0.01f;
        Optimizer opt = new Momentum(0.1f, mu, decay, Momentum.Form.PYTORCH);
        opt.prepare(OptimizerTest.LAYOUT);
        float[] w = OptimizerTest.W0.clone();
        double[] p = new double[4];
        double[] buf = null;
        for (int j = 0; j < 4; j++) {
            p[j] = OptimizerTest.W0[j];
        }
        for (int t = 0; t < RATES.length; t++) {
            float[] grad = OptimizerTest.GRADS[t % OptimizerTest.GRADS.length];
            opt.step(w, grad, 1f, RATES[t]);
            // torch.optim.SGD.step: d_p = grad + weight_decay * p (here on W only, as the library
            // decays weights and not biases); buf = d_p on the first step, else buf = μ buf + d_p
            // (dampening 0); p -= lr * buf, lr from the scheduler.
            double[] d = new double[4];
            for (int j = 0; j < 4; j++) {
                d[j] = grad[j] + (j < 2 ? decay * p[j] : 0);
            }
            if (buf == null) {
                buf = d.clone();
            } else {
                for (int j = 0; j < 4; j++) {
                    buf[j] = mu * buf[j] + d[j];
                }
            }
            for (int j = 0; j < 4; j++) {
                p[j] -= RATES[t] * buf[j];
                assertEquals(p[j], w[j], 1e-6, "step " + (t + 1) + " parameter " + j);
            }
        }
    }

    @Test
    void theFormsAreNamedApart() {
        assertEquals("momentum(eta=0.1, alpha=0.9)", Momentum.rhw(0.1f, 0.9f).describe());
        assertEquals("momentum(eta=0.1, alpha=0.9)", new Momentum(0.1f, 0.9f).describe());
        assertEquals("momentum(eta=0.1, mu=0.9, form=pytorch)", Momentum.pytorch(0.1f, 0.9f).describe());
        assertEquals(Momentum.Form.PYTORCH, Momentum.builder().learningRate(0.1f).form(Momentum.Form.PYTORCH).build()
                .form());
        assertEquals(Momentum.Form.PYTORCH, Momentum.pytorch(0.1f, 0.9f).fresh().form());
    }
}
