package dev.backprop.nn;

import dev.backprop.math.Rng;
import dev.backprop.reference.ReferenceNetwork;
import dev.backprop.reference.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification 1: the fast float32 path against the double-precision reference written in the
 * seed's index notation, on random networks of random shapes for every activation × loss pair, and
 * on the seed's Figure 1 network.
 */
class BackpropagationVsReferenceTest {

    static java.util.stream.Stream<Pairs.Pair> pairs() {
        return Pairs.all();
    }

    /** max_j |g32_j − g_j| / max_j |g_j| over each layer, worst layer. */
    static double worst(Network net, float[] g32, double[] g) {
        double worst = 0;
        ParameterLayout layout = net.layout();
        for (int i = 0; i < layout.layers(); i++) {
            double maxRef = 0;
            double maxDiff = 0;
            for (int j = layout.weightOffset(i); j < layout.biasOffset(i) + layout.units(i); j++) {
                maxRef = Math.max(maxRef, Math.abs(g[j]));
                maxDiff = Math.max(maxDiff, Math.abs(g32[j] - g[j]));
            }
            worst = Math.max(worst, maxDiff == 0 ? 0 : maxDiff / maxRef);
        }
        return worst;
    }

    static double[][] rows(float[] flat, int cases, int width) {
        double[][] r = new double[cases][width];
        for (int c = 0; c < cases; c++) {
            for (int j = 0; j < width; j++) {
                r[c][j] = flat[c * width + j];
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void float32GradientsMatchTheReferenceOnRandomNetworks(Pairs.Pair pair) {
        Rng rng = new Rng(31 * pair.toString().hashCode() + 5);
        for (int trial = 0; trial < 10; trial++) {
            Network net = Pairs.randomNetwork(pair, rng, 40);
            int cases = 1 + rng.nextInt(50);
            float[] x = Pairs.inputs(rng, cases, net.inputSize());
            float[] y = Pairs.targets(pair.loss(), rng, cases, net.outputSize());

            Backpropagation bp = new Backpropagation(net, cases);
            float[] g32 = new float[net.layout().size()];
            bp.load(x, y, 0, cases);
            bp.forward(cases);
            double e32 = bp.backward(pair.loss(), cases, g32);

            ReferenceNetwork ref = new ReferenceNetwork(net);
            double[][] xs = rows(x, cases, net.inputSize());
            double[][] ys = rows(y, cases, net.outputSize());
            double[] g = ref.gradient(pair.loss(), xs, ys).flat();
            double e = ref.error(pair.loss(), xs, ys);

            assertEquals(e, e32, 1e-4 * Math.max(1, Math.abs(e)), net + " " + pair + ": E");
            double norm = 0;
            double diff = 0;
            for (int j = 0; j < g.length; j++) {
                norm += g[j] * g[j];
                diff += (g32[j] - g[j]) * (g32[j] - g[j]);
            }
            assertTrue(Math.sqrt(diff) <= 1e-5 * Math.sqrt(norm), net + " " + pair + ": ‖g32 − g‖ / ‖g‖ = "
                    + Math.sqrt(diff / norm));
            double w = worst(net, g32, g);
            assertTrue(w <= 1e-4, net + " " + pair + ", " + cases + " cases: worst relative error " + w);
        }
    }

    @Test
    void seedFigure1NetworkMatchesTheReferenceInEveryQuantity() {
        // The seed's Figure 1: an input layer, then layers of 4, 3 and 4 sigmoid units
        // (W^3 is 3 × 4, W^4 is 4 × 3). The figure does not fix the input width; we use 3.
        Network net = new Network(new int[] {3, 4, 3, 4}, Activation.sigmoid(), Activation.sigmoid(),
                Activation.sigmoid()).initialize(Initializer.rhwUniform(), 1986);
        assertEquals(3, net.weights(1).length);
        assertEquals(4, net.weights(1)[0].length);
        float[] x = {0.05f, 0.6f, -0.3f};
        float[] y = {1, 0, 0, 1};
        Backpropagation bp = new Backpropagation(net, 1);
        bp.computeInputGradient(true);
        float[] g32 = new float[net.layout().size()];
        bp.load(x, y, 0, 1);
        bp.forward(1);
        bp.backward(Loss.squaredError(), 1, g32);
        Trace t = new ReferenceNetwork(net).trace(Loss.squaredError(), new double[] {0.05f, 0.6f, -0.3f},
                new double[] {1, 0, 0, 1});
        for (int l = 2; l <= 4; l++) {
            float[] z = bp.weightedInputsOfSeedLayer(l, 1);
            float[] a = bp.activationsOfSeedLayer(l, 1);
            float[] d = bp.deltasOfSeedLayer(l, 1);
            for (int k = 0; k < z.length; k++) {
                assertEquals(t.z[l][k], z[k], 1e-6, "z^" + l);
                assertEquals(t.a[l][k], a[k], 1e-6, "a^" + l);
                assertEquals(t.delta[l][k], d[k], 1e-6, "delta^" + l);
            }
        }
        float[] dx = bp.errorGradientsOfSeedLayer(1, 1);
        for (int s = 0; s < 3; s++) {
            assertEquals(t.dEda[1][s], dx[s], 1e-6, "dE/da^1");
        }
        double[] g = new ReferenceNetwork(net).gradient(Loss.squaredError(), new double[][] {{0.05f, 0.6f, -0.3f}},
                new double[][] {{1, 0, 0, 1}}).flat();
        assertTrue(worst(net, g32, g) < 1e-6, "worst " + worst(net, g32, g));
    }

    @Test
    void theBatchGradientIsTheSumOfPerCaseGradients() {
        Rng rng = new Rng(99);
        Network net = new Network(new int[] {5, 7, 3}, Activation.tanh(), Activation.sigmoid())
                .initialize(Initializer.xavier(), 4);
        int cases = 6;
        float[] x = Pairs.inputs(rng, cases, 5);
        float[] y = Pairs.targets(Loss.squaredError(), rng, cases, 3);
        Backpropagation bp = new Backpropagation(net, cases);
        float[] batch = new float[net.layout().size()];
        bp.load(x, y, 0, cases);
        bp.forward(cases);
        double eBatch = bp.backward(Loss.squaredError(), cases, batch);
        double[] sum = new double[batch.length];
        double eSum = 0;
        float[] one = new float[batch.length];
        for (int c = 0; c < cases; c++) {
            bp.load(x, y, c, 1);
            bp.forward(1);
            eSum += bp.backward(Loss.squaredError(), 1, one);
            for (int j = 0; j < one.length; j++) {
                sum[j] += one[j];
            }
        }
        assertEquals(eSum, eBatch, 1e-9 * eSum);
        assertTrue(worst(net, batch, sum) < 1e-6);
    }
}
