package dev.backprop.check;

import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.reference.ReferenceNetwork;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check at sizes where differencing every parameter is out of reach: the sample's size and cost,
 * and the default tolerance, which must pass correct gradients and still fail wrong ones.
 */
class GradientCheckScaleTest {
    /** The sizes the default tolerance is shown on: one small, and MNIST's 784-30-10. */
    private static final int[][] SIZES = {{5, 8, 4, 3}, {20, 20, 20, 20, 3}, {784, 30, 10}};
    private static final int CASES = 5;

    private static Network network(int[] sizes, long seed) {
        Activation[] acts = new Activation[sizes.length - 1];
        Arrays.fill(acts, Activation.sigmoid());
        acts[acts.length - 1] = Activation.softmax();
        return new Network(sizes, acts).initialize(Initializer.xavier(), seed);
    }

    private static float[] inputs(Rng rng, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] oneHot(Rng rng, int cases, int outputs) {
        float[] y = new float[cases * outputs];
        for (int c = 0; c < cases; c++) {
            y[c * outputs + rng.nextInt(outputs)] = 1;
        }
        return y;
    }

    @Test
    void aLargeNetworkIsSampledEveryBiasIncludedAndEachSampleCostsFourPasses() {
        Network net = network(new int[] {300, 300, 10}, 7);
        Rng rng = new Rng(3);
        float[] x = inputs(rng, 2 * 300);
        float[] y = oneHot(rng, 2, 10);
        GradientCheckReport r = new GradientCheck().sample(1000, 11).run(net, Loss.softmaxCrossEntropy(), x, y, 2);
        assertEquals(300 * 300 + 300 + 300 * 10 + 10, r.parameters());
        // 690 weights in proportion: 668 of layer 0's 90,000 and 22, raised to 64, of layer 1's 3,000.
        assertEquals(310 + 668 + 64, r.checked(), r.toString());
        ParameterLayout layout = net.layout();
        for (GradientCheckReport.Layer l : r.layers()) {
            assertTrue(l.checked() > layout.units(l.layerIndex()) && l.checked() < l.parameters(), r.toString());
        }
        // sigmoid has no kinks: one pass for E at the parameters, four per difference, nothing more.
        assertEquals(1 + 4 * r.checked(), r.evaluations());
        GradientCheckReport again = new GradientCheck().sample(1000, 11).run(net, Loss.softmaxCrossEntropy(), x, y, 2);
        assertEquals(r.toString(), again.toString(), "the same seed draws the same sample");
        assertTrue(r.passes(r.finiteDifferenceTolerance(), 1e-4), r.toString());
    }

    @Test
    void aSmallNetworkIsCheckedWhole() {
        Network net = network(SIZES[0], 1);
        Rng rng = new Rng(1);
        GradientCheckReport r = new GradientCheck().sample(4096, 1).run(net, Loss.softmaxCrossEntropy(),
                inputs(rng, CASES * 5), oneHot(rng, CASES, 3), CASES);
        assertEquals(r.parameters(), r.checked());
        assertEquals(1 + 4 * r.checked(), r.evaluations());
    }

    @Test
    void theDefaultToleranceGrowsWithEAndPassesMnistSizedNetworks() {
        Network net = network(SIZES[2], 1);
        Rng rng = new Rng(1);
        float[] x = inputs(rng, CASES * 784);
        GradientCheckReport r = new GradientCheck().sample(3000, 1).run(net, Loss.softmaxCrossEntropy(), x,
                oneHot(rng, CASES, 10), CASES);
        double u = 0x1p-53;
        assertEquals(Math.max(1e-6, 6 * Math.sqrt(CASES) * u * r.error() / (1e-3 * 1e-6)),
                r.finiteDifferenceTolerance(), 1e-18);
        assertTrue(r.finiteDifferenceTolerance() > 1e-6, "E ≈ 12 over five cases needs more than 1e-6: " + r.error());
        assertTrue(r.passes(r.finiteDifferenceTolerance(), 1e-4), r.toString());
    }

    @Test
    void theDefaultToleranceStillFailsWrongGradients() {
        for (int[] sizes : SIZES) {
            Network net = network(sizes, 2);
            Rng rng = new Rng(2);
            int n0 = sizes[0];
            int nL = sizes[sizes.length - 1];
            float[] x = inputs(rng, CASES * n0);
            float[] y = oneHot(rng, CASES, nL);
            double[][] xs = GradientCheck.rows(x, CASES, n0);
            double[][] ys = GradientCheck.rows(y, CASES, nL);
            Loss loss = Loss.softmaxCrossEntropy();
            GradientCheck check = new GradientCheck().sample(500, 2);
            float[] g32 = check.float32Gradient(net, loss, x, y, CASES);
            double[] right = new ReferenceNetwork(net).gradient(loss, xs, ys).flat();
            GradientCheckReport ok = check.compare(net.layout(), new ReferenceNetwork(net), loss, xs, ys, right, g32);
            assertTrue(ok.passes(ok.finiteDifferenceTolerance(), 1e-4), Arrays.toString(sizes) + "\n" + ok);

            // A case loop that stops one short: the last case's term is dropped from every gradient.
            double[] lastCaseDropped = new ReferenceNetwork(net).gradient(loss, Arrays.copyOf(xs, CASES - 1),
                    Arrays.copyOf(ys, CASES - 1)).flat();
            assertFails(check, net, loss, xs, ys, lastCaseDropped, g32, sizes, "last case dropped");

            // δ off by one unit in the first layer: ∂E/∂W_ds takes δ_(d+1) a_s.
            double[] deltaShifted = right.clone();
            ParameterLayout layout = net.layout();
            int units = layout.units(0);
            for (int d = 0; d < units; d++) {
                System.arraycopy(right, layout.weightOffset(0) + (d + 1) % units * n0, deltaShifted,
                        layout.weightOffset(0) + d * n0, n0);
            }
            assertFails(check, net, loss, xs, ys, deltaShifted, g32, sizes, "δ off by one");
        }
    }

    private static void assertFails(GradientCheck check, Network net, Loss loss, double[][] xs, double[][] ys,
                                    double[] wrong, float[] g32, int[] sizes, String bug) {
        GradientCheckReport r = check.compare(net.layout(), new ReferenceNetwork(net), loss, xs, ys, wrong, g32);
        assertFalse(r.worstFiniteDifferenceError() <= r.finiteDifferenceTolerance(),
                bug + " passes " + Arrays.toString(sizes) + "\n" + r);
    }
}
