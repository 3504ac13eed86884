package dev.backprop.check;

import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Pairs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification 2: the double-precision reference's gradients against central finite differences,
 * worst relative error ≤ 1e-6, for every activation × loss pair; and the float32 path against the
 * reference within float32 tolerance.
 */
class GradientCheckTest {

    static java.util.stream.Stream<Pairs.Pair> pairs() {
        return Pairs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void backpropagationMatchesFiniteDifferencesForEveryPair(Pairs.Pair pair) {
        Rng rng = new Rng(pair.toString().hashCode());
        for (int trial = 0; trial < 3; trial++) {
            Network net = Pairs.randomNetwork(pair, rng, 6);
            int cases = 1 + rng.nextInt(5);
            float[] x = Pairs.inputs(rng, cases, net.inputSize());
            float[] y = Pairs.targets(pair.loss(), rng, cases, net.outputSize());
            GradientCheckReport r = new GradientCheck().run(net, pair.loss(), x, y, cases);
            assertTrue(r.worstFiniteDifferenceError() <= 1e-6, net + " " + pair + "\n" + r);
            // float32 sums round at each step; where per-case terms cancel, a layer's largest gradient can be
            // far smaller than the terms, so the per-layer max-norm error reaches ~1e-5 here: allow 1e-4.
            assertTrue(r.worstFloat32Error() <= 1e-4, net + " " + pair + "\n" + r);
            int skipped = r.layers().stream().mapToInt(GradientCheckReport.Layer::skipped).sum();
            int total = r.layers().stream().mapToInt(GradientCheckReport.Layer::parameters).sum();
            assertTrue(skipped * 10 <= total, "too many kinks skipped: " + skipped + " of " + total + "\n" + r);
        }
    }

    @Test
    void reportsOneRowPerLayerAndPassesOrFailsOnTolerance() {
        Network net = new Network(new int[] {3, 4, 3, 4}, Activation.sigmoid(), Activation.sigmoid(),
                Activation.sigmoid()).initialize(dev.backprop.nn.Initializer.rhwUniform(), 1);
        float[] x = {0.1f, 0.5f, 0.9f};
        float[] y = {0, 1, 0, 1};
        GradientCheckReport r = new GradientCheck().run(net, Loss.squaredError(), x, y, 1);
        assertEquals(3, r.layers().size());
        assertEquals(4 * 3 + 4, r.layers().get(0).parameters());
        assertTrue(r.passes(1e-6, 1e-4), r.toString());
        assertTrue(r.worstFiniteDifferenceError() > 0, "finite differences are never exact: " + r);
        assertFalse(r.passes(0, 0), "a zero tolerance must fail: " + r);
    }

    @Test
    void aWrongFloat32GradientIsCaught() {
        // Kernels whose bias-gradient sum is off by 0.1%: the check must flag the float32 path.
        dev.backprop.math.Kernels broken = new dev.backprop.math.Kernels() {
            final dev.backprop.math.Kernels ok = dev.backprop.math.Kernels.scalar();

            public void gemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, int lda, float[] b,
                             int bo, int ldb, float[] c, int co, int ldc) {
                ok.gemm(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            }

            public void addRowVector(float[] x, int xo, int rows, int cols, float[] v, int vo) {
                ok.addRowVector(x, xo, rows, cols, v, vo);
            }

            public void columnSums(float[] x, int xo, int rows, int cols, float[] s, int so) {
                ok.columnSums(x, xo, rows, cols, s, so);
                s[so] *= 1.001f;
            }

            public void add(float[] x, int xo, float[] y, int yo, int n) {
                ok.add(x, xo, y, yo, n);
            }
        };
        Network net = new Network(new int[] {3, 4, 2}, Activation.tanh(), Activation.sigmoid())
                .initialize(dev.backprop.nn.Initializer.rhwUniform(), 3);
        float[] x = {0.1f, -0.5f, 0.9f, 0.3f, 0.2f, -0.1f};
        float[] y = {0, 1, 1, 0};
        GradientCheckReport r = new GradientCheck().kernels(broken).run(net, Loss.squaredError(), x, y, 2);
        assertTrue(r.worstFloat32Error() > 5e-4, r.toString());
        assertTrue(r.worstFiniteDifferenceError() <= 1e-6, r.toString());
    }

    @Test
    void relativeErrorUsesTheFloorForTinyValues() {
        assertEquals(0, GradientCheck.relativeError(1, 1, 1e-7));
        assertEquals(0.5, GradientCheck.relativeError(1, 2, 1e-7), 1e-15);
        assertEquals(1e-3, GradientCheck.relativeError(1e-9, 0, 1e-6), 1e-15);
    }
}
