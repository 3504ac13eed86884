package dev.backprop.check;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.reference.ReferenceNetwork;

import dev.backprop.math.Rng;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Each finite difference costs four evaluations of E over the batch (a forward pass each), so
 * checking every parameter costs parameters² work. Past {@link #sample(int, long) a size}, the check
 * takes every bias and, per layer, a seeded random sample of the weights in proportion to the layer's
 * share of them (at least 64 or all); the float32 comparison, one pass, always covers every parameter.
 * <p>The finite differences round too, by an amount that grows with E over the batch:
 * {@link GradientCheckReport#finiteDifferenceTolerance()} derives the tolerance they can honour.
 */
public final class GradientCheck {
    private double step = 1e-3;
    private double floor = 1e-6;
    private Kernels kernels = Kernels.defaults();
    private int sampleSize = Integer.MAX_VALUE;
    private long sampleSeed;
    private Listener listener = (done, total) -> { };

    /** Told after each finite difference, to show a long check's progress. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param done parameters whose finite difference is computed so far
         * @param total parameters the check will difference
         */
        void checked(int done, int total);
    }

    /** A check of every parameter with h = 1e-3 and floor 1e-6. */
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
     * Differences only a sample of the parameters when the network has more than {@code size}:
     * every bias, and per layer a random sample of the weights drawn with {@code seed}, in all about
     * {@code size} (more when the biases alone outnumber it, or a layer's 64-weight minimum adds some).
     *
     * @param size the most parameters differenced before sampling, ≥ 1
     * @param seed the seed of the sample
     * @return this
     */
    public GradientCheck sample(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("sample size must be >= 1, got " + size);
        }
        this.sampleSize = size;
        this.sampleSeed = seed;
        return this;
    }

    /**
     * @param listener told after each finite difference
     * @return this
     */
    public GradientCheck listener(Listener listener) {
        this.listener = listener;
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
        double[][] xs = rows(x, cases, nIn);
        double[][] ys = rows(y, cases, nOut);
        ReferenceNetwork ref = new ReferenceNetwork(network);
        double[] g = ref.gradient(loss, xs, ys).flat();
        float[] g32 = float32Gradient(network, loss, x, y, cases);
        return compare(layout, ref, loss, xs, ys, g, g32);
    }

    /** @return v, case-major with {@code width} per case, as one double row per case */
    static double[][] rows(float[] v, int cases, int width) {
        double[][] r = new double[cases][width];
        for (int c = 0; c < cases; c++) {
            for (int s = 0; s < width; s++) {
                r[c][s] = v[c * width + s];
            }
        }
        return r;
    }

    /** @return ∂E/∂w of the fast float32 path over the batch, in the layout's order */
    float[] float32Gradient(Network network, Loss loss, float[] x, float[] y, int cases) {
        Backpropagation pass = new Backpropagation(network, kernels, cases);
        float[] g32 = new float[network.layout().size()];
        pass.load(x, y, 0, cases);
        pass.forward(cases);
        pass.backward(loss, cases, g32);
        return g32;
    }

    /**
     * Both comparisons, given the gradients: {@code g} is the reference's, or in tests a deliberately
     * wrong one, to show what the check catches.
     */
    GradientCheckReport compare(ParameterLayout layout, ReferenceNetwork ref, Loss loss, double[][] xs,
                                double[][] ys, double[] g, float[] g32) {
        long[] base = new long[1];
        double error = ref.error(loss, xs, ys, base);
        long[] evaluations = {1};
        boolean[][] chosen = choose(layout);
        int total = 0;
        for (int i = 0; i < layout.layers(); i++) {
            total += chosen == null ? layerSize(layout, i) : count(chosen[i]);
        }
        int done = 0;
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
            int checked = 0;
            for (int j = from; j < to; j++) {
                if (chosen == null || chosen[i][j - from]) {
                    double fd = finiteDifference(ref, xs, ys, loss, j, w[j], base[0], evaluations);
                    checked++;
                    listener.checked(++done, total);
                    if (Double.isNaN(fd)) {
                        skipped++;
                    } else {
                        double e = relativeError(g[j], fd, floor);
                        if (e > worstFd || Double.isNaN(e)) {
                            worstFd = e;
                            worstFdAt = j;
                        }
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
            layers.add(new GradientCheckReport.Layer(i, to - from, checked, worstFd, worstFdAt - from, worst32,
                    worst32At - from, skipped));
        }
        return new GradientCheckReport(layers, error, xs.length, step, floor, evaluations[0]);
    }

    private static int layerSize(ParameterLayout layout, int i) {
        return layout.biasOffset(i) + layout.units(i) - layout.weightOffset(i);
    }

    private static int count(boolean[] chosen) {
        int c = 0;
        for (boolean b : chosen) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /**
     * Which parameters of each layer (W row-major, then b) to difference: null for all when the
     * network is within the sample size; else every bias and a share of the weights, drawn by
     * selection sampling (each weight taken with probability still-needed / still-left, which draws
     * exactly k of n, uniformly, in one pass and in order).
     */
    private boolean[][] choose(ParameterLayout layout) {
        if (layout.size() <= sampleSize) {
            return null;
        }
        long biases = 0;
        long weights = 0;
        for (int i = 0; i < layout.layers(); i++) {
            biases += layout.units(i);
            weights += layout.biasOffset(i) - layout.weightOffset(i);
        }
        long budget = Math.max(0, sampleSize - biases);
        Rng rng = new Rng(sampleSeed);
        boolean[][] chosen = new boolean[layout.layers()][];
        for (int i = 0; i < layout.layers(); i++) {
            int n = layout.biasOffset(i) - layout.weightOffset(i);
            long share = Math.round((double) budget * n / Math.max(1, weights));
            int k = (int) Math.min(n, Math.max(Math.min(n, 64), share));
            chosen[i] = new boolean[layerSize(layout, i)];
            for (int j = 0, need = k; j < n && need > 0; j++) {
                if (rng.nextDouble() * (n - j) < need) {
                    chosen[i][j] = true;
                    need--;
                }
            }
            Arrays.fill(chosen[i], n, chosen[i].length, true);
        }
        return chosen;
    }

    /** Five-point central difference of the reference E in parameter j; NaN if a kink cannot be avoided. */
    private double finiteDifference(ReferenceNetwork ref, double[][] xs, double[][] ys, Loss loss, int j, double w,
                                    long base, long[] evaluations) {
        long[] sig = new long[1];
        double h = step * Math.max(1, Math.abs(w));
        for (int attempt = 0; attempt < 4; attempt++, h /= 10) {
            boolean kink = false;
            double[] e = new double[4];
            double[] at = {w + 2 * h, w + h, w - h, w - 2 * h};
            for (int k = 0; k < 4; k++) {
                ref.setParameter(j, at[k]);
                e[k] = ref.error(loss, xs, ys, sig);
                evaluations[0]++;
                kink |= sig[0] != base;
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
