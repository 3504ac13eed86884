package dev.backprop.reference;

/**
 * Every quantity of one case's forward and backward pass in the reference network, indexed by the
 * seed's layer numbers (1 = input layer, L = output layer); entries for layers that lack a
 * quantity (z, δ and the gradients of layer 1) are null.
 */
public final class Trace {
    /** z[l][d] = z_d^l. */
    public final double[][] z;
    /** a[l][d] = a_d^l; a[1] is the input. */
    public final double[][] a;
    /** delta[l][d] = δ_d^l. */
    public final double[][] delta;
    /** dEdw[l][d][s] = ∂E/∂w_ds^l. */
    public final double[][][] dEdw;
    /** dEdb[l][d] = ∂E/∂b_d^l. */
    public final double[][] dEdb;
    /** dEda[l][s] = ∂E/∂a_s^l, for l = 1..L. */
    public final double[][] dEda;
    /** E_c for this case. */
    public double error;

    Trace(int L) {
        z = new double[L + 1][];
        a = new double[L + 1][];
        delta = new double[L + 1][];
        dEdw = new double[L + 1][][];
        dEdb = new double[L + 1][];
        dEda = new double[L + 1][];
    }
}
