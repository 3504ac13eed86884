package dev.backprop.nn;

import dev.backprop.math.Rng;
import dev.backprop.math.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fully connected network: layer sizes n_0 (inputs), n_1, ..., n_L, an activation per layer, and
 * all weights and biases in one flat float32 vector (see {@link ParameterLayout} for where each
 * W^l and b^l lives).
 *
 * <p>Layer index i (from 0; the seed's layer i + 2, see {@link ParameterLayout}) holds W of shape
 * (n_(i+1) × n_i), the seed's orientation: (units in layer) × (units in previous layer), so
 * z = W a + b. {@link #weights(int)} and {@link #setWeights(int, float[][])} read and write it in
 * that orientation. Every method here that takes a layer takes its index from 0.
 *
 * <pre>{@code
 * Network net = Network.builder(64)
 *         .layer(30, Activation.sigmoid())
 *         .layer(10, Activation.softmax())
 *         .initializer(Initializer.xavier())
 *         .seed(42)
 *         .build();
 * }</pre>
 */
public final class Network {
    private final ParameterLayout layout;
    private final Activation[] activations;
    private final float[] params;

    /**
     * A network with the given shape and zero parameters.
     *
     * @param sizes units per layer, inputs first
     * @param activations one per weight layer (sizes.length − 1 of them)
     */
    public Network(int[] sizes, Activation... activations) {
        this.layout = new ParameterLayout(sizes);
        if (activations.length != layout.layers()) {
            throw new IllegalArgumentException("network " + Arrays.toString(sizes) + " has " + layout.layers()
                    + " layers but " + activations.length + " activations were given");
        }
        for (int i = 0; i < activations.length; i++) {
            if (activations[i] == null) {
                throw new IllegalArgumentException("activation of " + name(i) + " is null");
            }
        }
        this.activations = activations.clone();
        this.params = new float[layout.size()];
    }

    /**
     * @param inputs units in the input layer, n_0
     * @return a builder; add layers with {@link Builder#layer(int, Activation)}
     */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** @return where each layer's parameters are in {@link #parameters()} */
    public ParameterLayout layout() {
        return layout;
    }

    /** @return the number of weight layers; layer indices run 0..layers() − 1 */
    public int layers() {
        return layout.layers();
    }

    /** @return units per layer, inputs first (a copy) */
    public int[] sizes() {
        return layout.sizes();
    }

    /** @return n_0 */
    public int inputSize() {
        return layout.inputs(0);
    }

    /** @return n_L */
    public int outputSize() {
        return layout.units(layout.layers() - 1);
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return the activation of that layer
     */
    public Activation activation(int layerIndex) {
        layout.checkLayerIndex(layerIndex);
        return activations[layerIndex];
    }

    /** @return the output layer's activation */
    public Activation outputActivation() {
        return activations[activations.length - 1];
    }

    /**
     * The live flat parameter vector: writes change the network. Its length is
     * {@code layout().size()}.
     *
     * @return the parameters
     */
    public float[] parameters() {
        return params;
    }

    /**
     * Replaces all parameters.
     *
     * @param values a vector of length {@code layout().size()}, all finite
     */
    public void setParameters(float[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("network " + layout + " has " + params.length
                    + " parameters, got a vector of " + values.length);
        }
        for (int j = 0; j < values.length; j++) {
            if (!Float.isFinite(values[j])) {
                throw new IllegalArgumentException("parameter " + j + " is " + values[j] + "; parameters must be finite");
            }
        }
        System.arraycopy(values, 0, params, 0, values.length);
    }

    /**
     * W of a layer in the seed's orientation, as a copy: {@code W[d][s]} is w_ds, the weight from
     * unit s of the layer below to unit d of this layer.
     *
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return a (units × inputs) array
     */
    public float[][] weights(int layerIndex) {
        layout.checkLayerIndex(layerIndex);
        int n = layout.units(layerIndex);
        int m = layout.inputs(layerIndex);
        float[][] w = new float[n][m];
        for (int d = 0; d < n; d++) {
            System.arraycopy(params, layout.weightOffset(layerIndex) + d * m, w[d], 0, m);
        }
        return w;
    }

    /**
     * Sets W of a layer from an array in the seed's orientation.
     *
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @param w a (units × inputs) array, {@code w[d][s]} = w_ds, all finite
     * @throws IllegalArgumentException naming the layer by both numbers, the expected and the given shape
     */
    public void setWeights(int layerIndex, float[][] w) {
        layout.checkLayerIndex(layerIndex);
        int n = layout.units(layerIndex);
        int m = layout.inputs(layerIndex);
        if (w.length != n) {
            throw new IllegalArgumentException(name(layerIndex) + ": W must be " + n + " × " + m
                    + " (units in layer × units in previous layer), got " + w.length + " rows");
        }
        for (int d = 0; d < n; d++) {
            if (w[d] == null || w[d].length != m) {
                throw new IllegalArgumentException(name(layerIndex) + ": W must be " + n + " × " + m
                        + " (units in layer × units in previous layer), row " + d + " has "
                        + (w[d] == null ? "no" : String.valueOf(w[d].length)) + " columns");
            }
            for (int s = 0; s < m; s++) {
                if (!Float.isFinite(w[d][s])) {
                    throw new IllegalArgumentException(name(layerIndex) + ": W[" + d + "][" + s + "] is " + w[d][s]
                            + "; weights must be finite");
                }
            }
        }
        for (int d = 0; d < n; d++) {
            System.arraycopy(w[d], 0, params, layout.weightOffset(layerIndex) + d * m, m);
        }
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return b of that layer, a copy with one entry per unit
     */
    public float[] biases(int layerIndex) {
        layout.checkLayerIndex(layerIndex);
        int from = layout.biasOffset(layerIndex);
        return Arrays.copyOfRange(params, from, from + layout.units(layerIndex));
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @param b the biases, one per unit, all finite
     * @throws IllegalArgumentException naming the layer by both numbers and the expected length
     */
    public void setBiases(int layerIndex, float[] b) {
        layout.checkLayerIndex(layerIndex);
        int n = layout.units(layerIndex);
        if (b.length != n) {
            throw new IllegalArgumentException(name(layerIndex) + ": b must have " + n
                    + " entries (units in layer), got " + b.length);
        }
        for (int d = 0; d < n; d++) {
            if (!Float.isFinite(b[d])) {
                throw new IllegalArgumentException(name(layerIndex) + ": b[" + d + "] is " + b[d]
                        + "; biases must be finite");
            }
        }
        System.arraycopy(b, 0, params, layout.biasOffset(layerIndex), n);
    }

    /**
     * Draws new parameters.
     *
     * @param initializer how to draw
     * @param seed the seed
     * @return this network
     */
    public Network initialize(Initializer initializer, long seed) {
        initializer.initialize(layout, params, new Rng(seed));
        return this;
    }

    /** @return an independent copy with the same shape, activations and parameters */
    public Network copy() {
        Network n = new Network(layout.sizes(), activations);
        System.arraycopy(params, 0, n.params, 0, params.length);
        return n;
    }

    /**
     * The output a^L for one case.
     *
     * @param x the input, n_0 values
     * @return a^L, n_L values
     */
    public float[] predict(float[] x) {
        return predict(new float[][] {x})[0];
    }

    /**
     * The outputs a^L for many cases.
     *
     * @param xs one input per row, each of n_0 finite values
     * @return one output per row
     */
    public float[][] predict(float[][] xs) {
        float[] flat = Shapes.flatten(xs, inputSize(), "input");
        float[] out = new Inference(this).outputs(flat, xs.length);
        float[][] result = new float[xs.length][];
        int n = outputSize();
        for (int c = 0; c < xs.length; c++) {
            result[c] = Arrays.copyOfRange(out, c * n, (c + 1) * n);
        }
        return result;
    }

    /**
     * The gradient of E over a batch by the fast float32 path: the seed's equations over the cases
     * as the columns of a matrix, ∂E/∂W^l and ∂E/∂b^l summed over the cases. The double reference's
     * {@code ReferenceNetwork.gradient} takes the same arguments in the same order and gives the
     * same type.
     *
     * @param loss the error function E
     * @param xs inputs, one case per row, n_0 finite values each
     * @param ys desired outputs, one case per row, n_L finite values each
     * @return E and its gradient
     */
    public Gradients gradient(Loss loss, float[][] xs, float[][] ys) {
        loss.checkOutput(outputActivation());
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("a gradient needs as many target rows as input rows (at least one), got "
                    + xs.length + " and " + ys.length);
        }
        float[] x = Shapes.flatten(xs, inputSize(), "input");
        float[] y = Shapes.flatten(ys, outputSize(), "target");
        Backpropagation pass = new Backpropagation(this, xs.length);
        float[] g = new float[layout.size()];
        pass.load(x, y, 0, xs.length);
        pass.forward(xs.length);
        double e = pass.backward(loss, xs.length, g);
        return Gradients.float32(layout, g, e);
    }

    /** A layer by both numbers, for messages: "layer index 1 (seed layer 3)". */
    private static String name(int layerIndex) {
        return "layer index " + layerIndex + " (seed layer " + ParameterLayout.seedLayer(layerIndex) + ")";
    }

    @Override
    public String toString() {
        List<String> acts = new ArrayList<>();
        for (Activation a : activations) {
            acts.add(a.name());
        }
        return "Network" + layout + " " + acts;
    }

    /** Builds a {@link Network} layer by layer. */
    public static final class Builder {
        private final List<Integer> sizes = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private Initializer initializer = Initializer.xavier();
        private long seed = 0;

        private Builder(int inputs) {
            sizes.add(inputs);
        }

        /**
         * Adds a fully connected layer.
         *
         * @param units units in the layer
         * @param activation its activation
         * @return this builder
         */
        public Builder layer(int units, Activation activation) {
            sizes.add(units);
            activations.add(activation);
            return this;
        }

        /**
         * @param initializer how to draw the starting parameters (default Xavier)
         * @return this builder
         */
        public Builder initializer(Initializer initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * @param seed seed for the initializer (default 0)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the network with freshly drawn parameters */
        public Network build() {
            int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
            return new Network(s, activations.toArray(new Activation[0])).initialize(initializer, seed);
        }
    }
}
