package dev.backprop.nn;

import java.util.Arrays;

/**
 * ∂E/∂W^l and ∂E/∂b^l of a network for a batch, summed over the cases as E is, with E itself; read
 * per layer in the seed's orientation or as the flat vector in {@link ParameterLayout} order.
 *
 * <pre>{@code
 * Gradients g = network.gradient(Loss.squaredError(), x, y);
 * float[][] dW = g.weights(0);     // dW[d][s] = ∂E/∂w_ds of layer 0
 * }</pre>
 */
public final class Gradients {
    private final ParameterLayout layout;
    private final float[] flat;
    private final double error;

    Gradients(ParameterLayout layout, float[] flat, double error) {
        this.layout = layout;
        this.flat = flat;
        this.error = error;
    }

    /** @return E = Σ_c E_c over the batch */
    public double error() {
        return error;
    }

    /** @return the gradient in {@link ParameterLayout} order (a copy) */
    public float[] flat() {
        return flat.clone();
    }

    /**
     * @param i layer index
     * @return ∂E/∂W of layer i as [units][inputs]: element [d][s] is ∂E/∂w_ds
     */
    public float[][] weights(int i) {
        int n = layout.units(i);
        int m = layout.inputs(i);
        float[][] w = new float[n][];
        for (int d = 0; d < n; d++) {
            int from = layout.weightOffset(i) + d * m;
            w[d] = Arrays.copyOfRange(flat, from, from + m);
        }
        return w;
    }

    /**
     * @param i layer index
     * @return ∂E/∂b of layer i, one value per unit
     */
    public float[] biases(int i) {
        return Arrays.copyOfRange(flat, layout.biasOffset(i), layout.biasOffset(i) + layout.units(i));
    }
}
