package dev.backprop.nn;

import java.util.Arrays;

/**
 * ∂E/∂W^l and ∂E/∂b^l of a network for a batch, summed over the cases as E is, with E itself; read
 * per layer in the seed's orientation or as the flat vector in {@link ParameterLayout} order.
 *
 * <p>Both paths give this one type, so that they compare entry by entry:
 * {@link Network#gradient(Loss, float[][], float[][])} (the fast float32 path) and the double
 * reference's {@code ReferenceNetwork.gradient(Loss, double[][], double[][])}. The values are held
 * in double; from the float32 path they are its float32 results widened, which is exact, so
 * {@code (float) g.flat()[j]} gives back its bits.
 *
 * <pre>{@code
 * Gradients g = network.gradient(Loss.squaredError(), x, y);
 * double[][] dW = g.weights(0);    // dW[d][s] = ∂E/∂w_ds of layer index 0 (the seed's layer 2)
 * }</pre>
 */
public final class Gradients {
    private final ParameterLayout layout;
    private final double[] flat;
    private final double error;

    private Gradients(ParameterLayout layout, double[] flat, double error) {
        this.layout = layout;
        this.flat = flat;
        this.error = error;
    }

    /**
     * @param layout the network's shape
     * @param flat the gradient in {@code layout}'s order, {@code layout.size()} values (copied)
     * @param error E over the batch
     * @return the gradients
     * @throws IllegalArgumentException if the vector's length does not fit the layout
     */
    public static Gradients of(ParameterLayout layout, double[] flat, double error) {
        if (flat.length != layout.size()) {
            throw new IllegalArgumentException("network " + layout + " has " + layout.size()
                    + " parameters, got a gradient of " + flat.length);
        }
        return new Gradients(layout, flat.clone(), error);
    }

    /** The float32 path's gradient, widened. */
    static Gradients float32(ParameterLayout layout, float[] flat, double error) {
        double[] g = new double[flat.length];
        for (int j = 0; j < g.length; j++) {
            g[j] = flat[j];
        }
        return new Gradients(layout, g, error);
    }

    /** @return the network's shape, which says where each layer's entries are in {@link #flat()} */
    public ParameterLayout layout() {
        return layout;
    }

    /** @return E = Σ_c E_c over the batch */
    public double error() {
        return error;
    }

    /** @return the gradient in {@link ParameterLayout} order (a copy) */
    public double[] flat() {
        return flat.clone();
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return ∂E/∂W of that layer as [units][inputs], n_l × n_(l−1): element [d][s] is ∂E/∂w_ds
     */
    public double[][] weights(int layerIndex) {
        layout.checkLayerIndex(layerIndex);
        int n = layout.units(layerIndex);
        int m = layout.inputs(layerIndex);
        double[][] w = new double[n][];
        for (int d = 0; d < n; d++) {
            int from = layout.weightOffset(layerIndex) + d * m;
            w[d] = Arrays.copyOfRange(flat, from, from + m);
        }
        return w;
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return ∂E/∂b of that layer, one value per unit
     */
    public double[] biases(int layerIndex) {
        layout.checkLayerIndex(layerIndex);
        int from = layout.biasOffset(layerIndex);
        return Arrays.copyOfRange(flat, from, from + layout.units(layerIndex));
    }
}
