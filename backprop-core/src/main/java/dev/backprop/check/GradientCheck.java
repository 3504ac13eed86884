package dev.backprop.check;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.reference.ReferenceNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks backpropagation two ways for a given network, loss and batch, parameter by parameter:
 * <ol>
 *   <li>the double-precision reference's ∂E/∂w against central finite differences of its E
 *       (the five-point stencil (−E(w+2h) + 8E(w+h) − 8E(w−h) + E(w−2h)) / 12h, whose error is
 *       O(h⁴)); where a ReLU unit crosses its kink within ±2h, h is divided by 10, up to three
 *       times, and the parameter is skipped if it still crosses;</li>
 *   <li>the fast float32 path ({@link Backpropagation} with the given kernels) against the
 *       double reference.</li>
 * </ol>
 * <p>For finite differences, the relative error of a value v against a reference r is
 * |v − r| / max(|v|, |r|, floor), worst over the layer's parameters: entries smaller than
 * {@code floor} (default 1e-6) are compared absolutely, which keeps the difference quotient's
 * round-off (about 1e-13 here) on near-zero gradients from reading as a large relative error.
 * For the float32 path, whose sums round at every step, the error of a layer is
 * max_j |g32_j − g_j| / max_j |g_j|: the largest deviation relative to the layer's largest gradient.
 */
public final class GradientCheck {
    private double step = 1e-3;
    private double floor = 1e-6;
    private Kernels kernels = Kernels.defaults();

    /** A check with h = 1e-3 and floor 1e-6. */
    public GradientCheck() {
    }

    /**
     * @param h the finite-difference step, &gt; 0
     * @return this
     */
    public GradientCheck step(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("finite-difference step must be finite and > 0, got " + h);
        }
        this.step = h;
        return this;
    }

    /**
     * @param floor below this magnitude the finite-difference comparison is absolute, ≥ 0
     * @return this
     */
    public GradientCheck floor(double floor) {
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("floor must be finite and >= 0, got " + floor);
        }
        this.floor = floor;
        return this;
    }

    /**
     * @param kernels the kernels of the float32 path to check
     * @return this
     */
    public GradientCheck kernels(Kernels kernels) {
        this.kernels = kernels;
        return this;
    }

    /**
     * Runs both checks.
     *
     * @param network the network (not changed)
     * @param loss the error function
     * @param x inputs, case-major, n_0 per case
     * @param y desired outputs, case-major, n_L per case
     * @param cases number of cases, ≥ 1
     * @return the worst relative errors per layer
     */
    public GradientCheckReport run(Network network, Loss loss, float[] x, float[] y, int cases) {
        loss.checkOutput(network.outputActivation());
        ParameterLayout layout = network.layout();
        int nIn = network.inputSize();
        int nOut = network.outputSize();
        if (cases < 1 || x.length != cases * nIn || y.length != cases * nOut) {
            throw new IllegalArgumentException("gradient check of network " + layout + " needs " + cases + " × "
                    + nIn + " inputs and " + cases + " × " + nOut + " targets, got " + x.length + " and " + y.length);
        }
        double[][] xs = new double[cases][nIn];
        double[][] ys = new double[cases][nOut];
        for (int c = 0; c < cases; c++) {
            for (int s = 0; s < nIn; s++) {
                xs[c][s] = x[c * nIn + s];
            }
            for (int d = 0; d < nOut; d++) {
                ys[c][d] = y[c * nOut + d];
            }
        }
        ReferenceNetwork ref = new ReferenceNetwork(network);
        double[] g = ref.gradient(loss, xs, ys).flat();

        Backpropagation pass = new Backpropagation(network, kernels, cases);
        float[] g32 = new float[layout.size()];
        pass.load(x, y, 0, cases);
        pass.forward(cases);
        pass.backward(loss, cases, g32);

        List<GradientCheckReport.Layer> layers = new ArrayList<>();
        double[] w = ref.parameters();
        for (int i = 0; i < layout.layers(); i++) {
            int from = layout.weightOffset(i);
            int to = layout.biasOffset(i) + layout.units(i);
            double worstFd = 0;
            double maxRef = 0;
            double maxDiff = 0;
            int worstFdAt = from;
            int worst32At = from;
            int skipped = 0;
            for (int j = from; j < to; j++) {
                double fd = finiteDifference(ref, xs, ys, loss, j, w[j]);
                if (Double.isNaN(fd)) {
                    skipped++;
                } else {
                    double e = relativeError(g[j], fd, floor);
                    if (e > worstFd || Double.isNaN(e)) {
                        worstFd = e;
                        worstFdAt = j;
                    }
                }
                maxRef = Math.max(maxRef, Math.abs(g[j]));
                double diff = Math.abs(g32[j] - g[j]);
                if (diff > maxDiff || Double.isNaN(diff)) {
                    maxDiff = diff;
                    worst32At = j;
                }
            }
            double worst32 = maxDiff == 0 ? 0 : maxDiff / Math.max(maxRef, Double.MIN_NORMAL);
            layers.add(new GradientCheckReport.Layer(i, to - from, worstFd, worstFdAt - from, worst32,
                    worst32At - from, skipped));
        }
        return new GradientCheckReport(layers);
    }

    /** Five-point central difference of the reference E in parameter j; NaN if a kink cannot be avoided. */
    private double finiteDifference(ReferenceNetwork ref, double[][] xs, double[][] ys, Loss loss, int j, double w) {
        long[] base = new long[1];
        long[] sig = new long[1];
        ref.error(loss, xs, ys, base);
        double h = step * Math.max(1, Math.abs(w));
        for (int attempt = 0; attempt < 4; attempt++, h /= 10) {
            boolean kink = false;
            double[] e = new double[4];
            double[] at = {w + 2 * h, w + h, w - h, w - 2 * h};
            for (int k = 0; k < 4; k++) {
                ref.setParameter(j, at[k]);
                e[k] = ref.error(loss, xs, ys, sig);
                kink |= sig[0] != base[0];
            }
            ref.setParameter(j, w);
            if (!kink) {
                return (-e[0] + 8 * e[1] - 8 * e[2] + e[3]) / (12 * h);
            }
        }
        return Double.NaN;
    }

    /**
     * @param v a value
     * @param r the reference
     * @param floor below this magnitude the comparison is absolute
     * @return |v − r| / max(|v|, |r|, floor)
     */
    public static double relativeError(double v, double r, double floor) {
        if (v == r) {
            return 0;
        }
        return Math.abs(v - r) / Math.max(Math.max(Math.abs(v), Math.abs(r)), floor);
    }
}
