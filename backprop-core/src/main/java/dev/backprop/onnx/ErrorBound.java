package dev.backprop.onnx;

import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

/**
 * How far the float32 forward pass ({@code Scaler.apply} then {@code Network.predict}) may be from
 * the exact value of the same formula, case by case and output by output: a forward error
 * analysis in the standard model of floating point (each operation exact, then rounded with a
 * relative error of at most u = 2^−24), propagated layer by layer. A bound, not an estimate: the
 * certificate refuses an export whose double-precision evaluation lies outside it, and the sum of
 * rounding errors can reach it only in the worst case (on the demo's digits model the differences
 * measured are at most 1% to 20% of it, by sample).
 *
 * <ul>
 * <li>Scaling: fl(fl(x − o) / s) is two roundings, so e⁰_j = (2u + u²) |x'_j|.</li>
 * <li>z_d = b_d + Σ_s w_ds a_s over m inputs, in any order and with or without fused multiply-adds
 * (the SIMD and scalar kernels differ there): at most m + 1 roundings per term, so
 * |Δz_d| ≤ Σ_s |w_ds| e_s + γ_(m+1) (|b_d| + Σ_s |w_ds| (|a_s| + e_s)), γ_n = nu / (1 − nu).</li>
 * <li>a = σ(z): |Δa| ≤ L |Δz| + ρ, L the activation's largest slope over [z − |Δz|, z + |Δz|]
 * (for the sigmoid and tanh at the interval's point nearest 0, so that a saturated unit passes on
 * little) and ρ its own rounding of the computed value:
 * <ul>
 * <li>sigmoid: L = σ'(that point) ≤ 1/4; ρ = 8u|a| (the kernels' exponential is within 2 ulp,
 * 4u, then one addition and one division: 6u) plus 2^−60, the flush of tiny values to 0;</li>
 * <li>tanh: L = 1 − tanh²(that point) ≤ 1; ρ = 2u|a| (StrictMath in double, rounded once);</li>
 * <li>ReLU: L = 1, exact; leaky ReLU: L = max(1, slope), ρ = u|a|; identity: exact;</li>
 * <li>softmax, with M = max_k |Δz_k|: |Δa_d| ≤ min(M/2, min(a_d, 1 − a_d)(e^(2M) − 1)) (a row of
 * its Jacobian sums to 2a_d(1 − a_d) ≤ 1/2 in magnitude; shifting every z_k by at most M scales
 * a_d, and 1 − a_d = Σ_(k≠d) a_k, by a factor within e^(±2M)); ρ = 2u a_d plus 2^−60.</li>
 * </ul></li>
 * </ul>
 * The exact values the bound needs (|a_s|) come from a double-precision pass here, whose own
 * rounding (2^−53) is covered by a final factor 1 + 2^−20.
 */
final class ErrorBound {
    /** The unit roundoff of float32. */
    static final double U = 0x1p-24;
    private static final double FLUSH = 0x1p-60;

    private ErrorBound() {
    }

    /**
     * The bound for each output of each case.
     *
     * @param net the network
     * @param scaling its input scaling
     * @param x raw inputs (before scaling), cases × n_0, case-major
     * @param cases the number of cases
     * @return cases × n_L bounds, case-major
     */
    static double[] of(Network net, Scaler scaling, float[] x, int cases) {
        ParameterLayout layout = net.layout();
        int nIn = net.inputSize();
        int nOut = net.outputSize();
        double[] bound = new double[cases * nOut];
        for (int c = 0; c < cases; c++) {
            double[][] ae = scaled(scaling, x, c * nIn, nIn);
            for (int i = 0; i < layout.layers(); i++) {
                ae = layer(net, i, ae[0], ae[1]);
            }
            for (int d = 0; d < nOut; d++) {
                bound[c * nOut + d] = ae[1][d] * (1 + 0x1p-20);
            }
        }
        return bound;
    }

    /** The scaled input and its error bound: {values, errors}. */
    private static double[][] scaled(Scaler scaling, float[] x, int from, int n) {
        double[] a = new double[n];
        double[] e = new double[n];
        boolean none = scaling.kind().equals(Scaler.NONE);
        float[] o = none ? null : scaling.offsets();
        float[] s = none ? null : scaling.scales();
        for (int j = 0; j < n; j++) {
            a[j] = none ? x[from + j] : ((double) x[from + j] - o[j]) / s[j];
            e[j] = none ? 0 : (2 * U + U * U) * Math.abs(a[j]);
        }
        return new double[][] {a, e};
    }

    /** One layer: {activations, their error bounds} from those of the layer below. */
    private static double[][] layer(Network net, int i, double[] a, double[] e) {
        ParameterLayout layout = net.layout();
        float[] p = net.parameters();
        int m = layout.inputs(i);
        int n = layout.units(i);
        double gamma = (m + 1) * U / (1 - (m + 1) * U);
        double[] z = new double[n];
        double[] ez = new double[n];
        for (int d = 0; d < n; d++) {
            int row = layout.weightOffset(i) + d * m;
            double b = p[layout.biasOffset(i) + d];
            double sum = b;
            double mag = Math.abs(b);
            double prop = 0;
            for (int s = 0; s < m; s++) {
                double w = p[row + s];
                sum += w * a[s];
                mag += Math.abs(w) * (Math.abs(a[s]) + e[s]);
                prop += Math.abs(w) * e[s];
            }
            z[d] = sum;
            ez[d] = prop + gamma * mag;
        }
        return activation(net.activation(i), z, ez);
    }

    private static double[][] activation(Activation act, double[] z, double[] ez) {
        int n = z.length;
        double[] a = new double[n];
        double[] e = new double[n];
        if (act instanceof Activation.Softmax) {
            double max = Double.NEGATIVE_INFINITY;
            double ezMax = 0;
            for (int d = 0; d < n; d++) {
                max = Math.max(max, z[d]);
                ezMax = Math.max(ezMax, ez[d]);
            }
            double sum = 0;
            for (int d = 0; d < n; d++) {
                a[d] = Math.exp(z[d] - max);
                sum += a[d];
            }
            // z moved by at most M per unit moves a_d by a factor within e^(±2M), and 1 − a_d likewise
            double ratio = Math.expm1(2 * ezMax);
            for (int d = 0; d < n; d++) {
                a[d] /= sum;
                double moved = Math.min(ezMax / 2, Math.min(a[d], 1 - a[d]) * ratio);
                e[d] = moved + 2 * U * (a[d] + moved) + FLUSH;
            }
            return new double[][] {a, e};
        }
        for (int d = 0; d < n; d++) {
            double zd = z[d];
            if (act instanceof Activation.Sigmoid) {
                a[d] = 1 / (1 + Math.exp(-zd));
                double t = 1 / (1 + Math.exp(-nearestToZero(zd, ez[d])));
                double moved = t * (1 - t) * ez[d];
                e[d] = moved + 8 * U * (a[d] + moved) + FLUSH;
            } else if (act instanceof Activation.Tanh) {
                a[d] = Math.tanh(zd);
                double t = Math.tanh(nearestToZero(zd, ez[d]));
                double moved = (1 - t * t) * ez[d];
                e[d] = moved + 2 * U * (Math.abs(a[d]) + moved);
            } else if (act instanceof Activation.Relu) {
                a[d] = Math.max(zd, 0);
                e[d] = ez[d];
            } else if (act instanceof Activation.LeakyRelu l) {
                double slope = l.kernelSlope();
                a[d] = zd > 0 ? zd : slope * zd;
                double moved = Math.max(1, slope) * ez[d];
                e[d] = moved + U * (Math.abs(a[d]) + moved);
            } else {
                a[d] = zd;
                e[d] = ez[d];
            }
        }
        return new double[][] {a, e};
    }

    /**
     * The point of [z − e, z + e] nearest 0, where the sigmoid's and tanh's slopes (largest at 0,
     * falling on both sides) are largest over the interval: their Lipschitz constant there.
     */
    private static double nearestToZero(double z, double e) {
        return Math.abs(z) <= e ? 0 : z - Math.copySign(e, z);
    }
}
