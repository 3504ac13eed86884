package dev.backprop.reference;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Gradients;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

/**
 * The textbook oracle: the seed's equations written loop by loop in its index notation, in double
 * precision, one case at a time, with no matrix kernels and no shortcuts. It is slow and plain on
 * purpose; the fast float32 path is checked against it, and the gradient check and the
 * {@code explain} command print its numbers.
 *
 * <p>Layers are numbered as in the seed: layer 1 is the input layer, layers l = 2..L have weights
 * w_ds^l (from unit s of layer l−1 to unit d of layer l) and biases b_d^l; seed layer l is the
 * API's layer index l − 2 (see {@link ParameterLayout}). The methods that take a layer say so in
 * their names ({@link #weightsOfSeedLayer}); {@link #gradient} gives {@link Gradients}, read by
 * layer index as the float32 path's are. For one case:
 * <pre>
 *   z_d^l = Σ_s w_ds^l a_s^(l−1) + b_d^l,        a_d^l = σ(z_d^l)
 *   δ_d^l = Σ_k ∂E/∂a_k^l ∂a_k^l/∂z_d^l           (= ∂E/∂a_d^l σ'(z_d^l) for elementwise σ)
 *   ∂E/∂w_ds^l = δ_d^l a_s^(l−1),   ∂E/∂b_d^l = δ_d^l,   ∂E/∂a_s^(l−1) = Σ_d δ_d^l w_ds^l
 * </pre>
 * and over cases the gradients add up, as E = Σ_c E_c does. The output layer's δ is always
 * computed through ∂E/∂a^L and the activation's derivative, never through the fused closed forms
 * that the fast path uses, so that those are checked too.
 */
public final class ReferenceNetwork {
    private final ParameterLayout layout;
    private final int L;
    private final int[] n;
    private final Activation[] sigma;
    private final double[][][] w;
    private final double[][] b;

    /**
     * Copies a network's shape, activations and parameters (widened to double).
     *
     * @param network the network
     */
    public ReferenceNetwork(Network network) {
        layout = network.layout();
        int[] sizes = layout.sizes();
        L = sizes.length;
        n = new int[L + 1];
        for (int l = 1; l <= L; l++) {
            n[l] = sizes[l - 1];
        }
        sigma = new Activation[L + 1];
        w = new double[L + 1][][];
        b = new double[L + 1][];
        float[] p = network.parameters();
        for (int l = 2; l <= L; l++) {
            sigma[l] = network.activation(l - 2);
            w[l] = new double[n[l]][n[l - 1]];
            b[l] = new double[n[l]];
            for (int d = 0; d < n[l]; d++) {
                for (int s = 0; s < n[l - 1]; s++) {
                    w[l][d][s] = p[layout.weightOffset(l - 2) + d * n[l - 1] + s];
                }
                b[l][d] = p[layout.biasOffset(l - 2) + d];
            }
        }
    }

    /** @return L, the seed's number of the output layer (the input layer is 1; layer index L − 2) */
    public int outputSeedLayer() {
        return L;
    }

    /**
     * @param seedLayer seed layer number, 1..L (layer index seedLayer − 2; 1 is the input layer)
     * @return units in that layer, n_l
     */
    public int unitsOfSeedLayer(int seedLayer) {
        layout.checkSeedLayer(seedLayer, 1);
        return n[seedLayer];
    }

    /**
     * The live weights w_ds^l, for perturbing in finite differences.
     *
     * @param seedLayer seed layer number l, 2..L (layer index l − 2)
     * @return w^l as [d][s], n_l × n_(l−1)
     */
    public double[][] weightsOfSeedLayer(int seedLayer) {
        layout.checkSeedLayer(seedLayer, 2);
        return w[seedLayer];
    }

    /**
     * The live biases b_d^l.
     *
     * @param seedLayer seed layer number l, 2..L (layer index l − 2)
     * @return b^l, n_l values
     */
    public double[] biasesOfSeedLayer(int seedLayer) {
        layout.checkSeedLayer(seedLayer, 2);
        return b[seedLayer];
    }

    /**
     * Every quantity of the forward and backward pass for one case.
     *
     * @param loss the error function
     * @param x the input a^1
     * @param y the desired output
     * @return the trace
     */
    public Trace trace(Loss loss, double[] x, double[] y) {
        check(x, n[1], "input");
        check(y, n[L], "target");
        Trace t = new Trace(L);
        t.a[1] = x.clone();
        // Forward: z_d^l = Σ_s w_ds^l a_s^(l−1) + b_d^l ; a_d^l = σ(z_d^l)
        for (int l = 2; l <= L; l++) {
            t.z[l] = new double[n[l]];
            for (int d = 0; d < n[l]; d++) {
                double z = b[l][d];
                for (int s = 0; s < n[l - 1]; s++) {
                    z += w[l][d][s] * t.a[l - 1][s];
                }
                t.z[l][d] = z;
            }
            t.a[l] = activate(sigma[l], t.z[l]);
        }
        t.error = error(loss, t.a[L], y);
        // ∂E/∂a_d^L from the loss
        t.dEda[L] = errorGradient(loss, t.a[L], y);
        for (int l = L; l >= 2; l--) {
            // δ_d^l = Σ_k ∂E/∂a_k^l ∂a_k^l/∂z_d^l
            t.delta[l] = new double[n[l]];
            for (int d = 0; d < n[l]; d++) {
                double sum = 0;
                for (int k = 0; k < n[l]; k++) {
                    sum += t.dEda[l][k] * jacobian(sigma[l], t.z[l], t.a[l], k, d);
                }
                t.delta[l][d] = sum;
            }
            // ∂E/∂w_ds^l = δ_d^l a_s^(l−1) ; ∂E/∂b_d^l = δ_d^l
            t.dEdw[l] = new double[n[l]][n[l - 1]];
            t.dEdb[l] = new double[n[l]];
            for (int d = 0; d < n[l]; d++) {
                for (int s = 0; s < n[l - 1]; s++) {
                    t.dEdw[l][d][s] = t.delta[l][d] * t.a[l - 1][s];
                }
                t.dEdb[l][d] = t.delta[l][d];
            }
            // ∂E/∂a_s^(l−1) = Σ_d δ_d^l w_ds^l
            t.dEda[l - 1] = new double[n[l - 1]];
            for (int s = 0; s < n[l - 1]; s++) {
                double sum = 0;
                for (int d = 0; d < n[l]; d++) {
                    sum += t.delta[l][d] * w[l][d][s];
                }
                t.dEda[l - 1][s] = sum;
            }
        }
        return t;
    }

    /**
     * E = Σ_c E_c.
     *
     * @param loss the error function
     * @param xs inputs, one case per row
     * @param ys desired outputs, one case per row
     * @return the error
     */
    public double error(Loss loss, double[][] xs, double[][] ys) {
        return error(loss, xs, ys, null);
    }

    /**
     * E = Σ_c E_c, and a signature of which side of their kink (z &gt; 0 or not) the ReLU and leaky
     * ReLU units are on: equal signatures mean no unit crossed a kink, so finite differences
     * between the two evaluations are valid.
     *
     * @param loss the error function
     * @param xs inputs, one case per row
     * @param ys desired outputs, one case per row
     * @param signature receives the signature in element 0, or null
     * @return the error
     */
    public double error(Loss loss, double[][] xs, double[][] ys, long[] signature) {
        double e = 0;
        long sig = 1;
        for (int c = 0; c < xs.length; c++) {
            double[] a = xs[c];
            for (int l = 2; l <= L; l++) {
                double[] z = new double[n[l]];
                boolean kinked = sigma[l] instanceof Activation.Relu || sigma[l] instanceof Activation.LeakyRelu;
                for (int d = 0; d < n[l]; d++) {
                    z[d] = b[l][d];
                    for (int s = 0; s < n[l - 1]; s++) {
                        z[d] += w[l][d][s] * a[s];
                    }
                    if (kinked) {
                        sig = sig * 31 + (z[d] > 0 ? 1 : 2);
                    }
                }
                a = activate(sigma[l], z);
            }
            e += error(loss, a, ys[c]);
        }
        if (signature != null) {
            signature[0] = sig;
        }
        return e;
    }

    /**
     * E and ∂E/∂W^l, ∂E/∂b^l summed over the cases, case by case through {@link #trace}: the same
     * arguments in the same order and the same type as the float32 path's
     * {@link Network#gradient(Loss, float[][], float[][])}, so the two compare layer by layer.
     *
     * @param loss the error function
     * @param xs inputs, one case per row
     * @param ys desired outputs, one case per row
     * @return E and the gradient
     */
    public Gradients gradient(Loss loss, double[][] xs, double[][] ys) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("a gradient needs as many target rows as input rows (at least one), got "
                    + xs.length + " and " + ys.length);
        }
        double[] g = new double[layout.size()];
        double e = 0;
        for (int c = 0; c < xs.length; c++) {
            Trace t = trace(loss, xs[c], ys[c]);
            e += t.error;
            for (int l = 2; l <= L; l++) {
                int off = layout.weightOffset(l - 2);
                for (int d = 0; d < n[l]; d++) {
                    for (int s = 0; s < n[l - 1]; s++) {
                        g[off++] += t.dEdw[l][d][s];
                    }
                }
                for (int d = 0; d < n[l]; d++) {
                    g[off++] += t.dEdb[l][d];
                }
            }
        }
        return Gradients.of(layout, g, e);
    }

    /**
     * The parameters flat in the order of {@link ParameterLayout}.
     *
     * @return W then b of each layer, as doubles
     */
    public double[] parameters() {
        int size = 0;
        for (int l = 2; l <= L; l++) {
            size += n[l] * n[l - 1] + n[l];
        }
        double[] p = new double[size];
        int off = 0;
        for (int l = 2; l <= L; l++) {
            for (int d = 0; d < n[l]; d++) {
                for (int s = 0; s < n[l - 1]; s++) {
                    p[off++] = w[l][d][s];
                }
            }
            for (int d = 0; d < n[l]; d++) {
                p[off++] = b[l][d];
            }
        }
        return p;
    }

    /**
     * Sets one parameter, addressed by its index in {@link ParameterLayout} order.
     *
     * @param j the index
     * @param value the new value
     * @return the old value
     */
    public double setParameter(int j, double value) {
        int off = 0;
        for (int l = 2; l <= L; l++) {
            int nw = n[l] * n[l - 1];
            if (j < off + nw) {
                int k = j - off;
                double old = w[l][k / n[l - 1]][k % n[l - 1]];
                w[l][k / n[l - 1]][k % n[l - 1]] = value;
                return old;
            }
            off += nw;
            if (j < off + n[l]) {
                double old = b[l][j - off];
                b[l][j - off] = value;
                return old;
            }
            off += n[l];
        }
        throw new IndexOutOfBoundsException("parameter " + j + " does not exist; there are " + off);
    }

    /** σ(z) for a whole layer. */
    static double[] activate(Activation sigma, double[] z) {
        double[] a = new double[z.length];
        if (sigma instanceof Activation.Softmax) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            for (int d = 0; d < z.length; d++) {
                a[d] = Math.exp(z[d] - max) / sum;
            }
            return a;
        }
        for (int d = 0; d < z.length; d++) {
            a[d] = sigma(sigma, z[d]);
        }
        return a;
    }

    /** σ(z) for an elementwise activation. */
    static double sigma(Activation sigma, double z) {
        if (sigma instanceof Activation.Sigmoid) {
            return 1 / (1 + Math.exp(-z));
        } else if (sigma instanceof Activation.Tanh) {
            return Math.tanh(z);
        } else if (sigma instanceof Activation.Relu) {
            return z > 0 ? z : 0;
        } else if (sigma instanceof Activation.LeakyRelu) {
            return z > 0 ? z : ((Activation.LeakyRelu) sigma).slope() * z;
        } else if (sigma instanceof Activation.Identity) {
            return z;
        }
        throw new IllegalArgumentException("not an elementwise activation: " + sigma.name());
    }

    /** ∂a_k/∂z_d for one layer. */
    static double jacobian(Activation sigma, double[] z, double[] a, int k, int d) {
        if (sigma instanceof Activation.Softmax) {
            return a[k] * ((k == d ? 1 : 0) - a[d]);
        }
        if (k != d) {
            return 0;
        }
        if (sigma instanceof Activation.Sigmoid) {
            return a[d] * (1 - a[d]);
        } else if (sigma instanceof Activation.Tanh) {
            return 1 - a[d] * a[d];
        } else if (sigma instanceof Activation.Relu) {
            return z[d] > 0 ? 1 : 0;
        } else if (sigma instanceof Activation.LeakyRelu) {
            return z[d] > 0 ? 1 : ((Activation.LeakyRelu) sigma).slope();
        } else {
            return 1;   // identity
        }
    }

    /** E_c for one case. */
    static double error(Loss loss, double[] a, double[] y) {
        double e = 0;
        for (int d = 0; d < a.length; d++) {
            if (loss instanceof Loss.SquaredError) {
                e += 0.5 * (a[d] - y[d]) * (a[d] - y[d]);
            } else if (loss instanceof Loss.MeanSquaredError) {
                e += (a[d] - y[d]) * (a[d] - y[d]) / a.length;
            } else if (loss instanceof Loss.SoftmaxCrossEntropy) {
                e -= y[d] == 0 ? 0 : y[d] * Math.log(a[d]);
            } else {
                e -= (y[d] == 0 ? 0 : y[d] * Math.log(a[d])) + (y[d] == 1 ? 0 : (1 - y[d]) * Math.log(1 - a[d]));
            }
        }
        return e;
    }

    /** ∂E_c/∂a_d for one case. */
    static double[] errorGradient(Loss loss, double[] a, double[] y) {
        double[] g = new double[a.length];
        for (int d = 0; d < a.length; d++) {
            if (loss instanceof Loss.SquaredError) {
                g[d] = a[d] - y[d];
            } else if (loss instanceof Loss.MeanSquaredError) {
                g[d] = 2 * (a[d] - y[d]) / a.length;
            } else if (loss instanceof Loss.SoftmaxCrossEntropy) {
                g[d] = y[d] == 0 ? 0 : -y[d] / a[d];
            } else {
                g[d] = (y[d] == 0 ? 0 : -y[d] / a[d]) + (y[d] == 1 ? 0 : (1 - y[d]) / (1 - a[d]));
            }
        }
        return g;
    }

    private static void check(double[] v, int width, String what) {
        if (v.length != width) {
            throw new IllegalArgumentException(what + " has " + v.length + " values; expected " + width);
        }
    }
}
