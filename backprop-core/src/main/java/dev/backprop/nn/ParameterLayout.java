package dev.backprop.nn;

import java.util.Arrays;

/**
 * Where each layer's W and b live in the network's one flat float32 parameter vector (and, with
 * the same offsets, in a gradient vector).
 *
 * <p>Two numberings of the layers meet here. The API's <em>layer index</em> counts the weight
 * layers from 0: layer index i maps the n_i units of the layer below (n_0 = the inputs) to its own
 * n_(i+1) units. The seed numbers the layers of units from 1, the input layer being layer 1, so
 * layer index i is the <em>seed layer</em> l = i + 2 ({@link #seedLayer(int)},
 * {@link #layerIndex(int)}). A method that takes a seed layer says so in its name
 * ({@code ReferenceNetwork.weightsOfSeedLayer}, {@code Backpropagation.deltasOfSeedLayer}); every
 * other method that takes a layer takes its index from 0, in a parameter named
 * {@code layerIndex}, and a message about a layer names both numbers.
 *
 * <p>W of layer index i is stored row-major with the seed's orientation, (units in layer) × (units
 * in previous layer), so w_ds is at {@code weightOffset(i) + d * n_i + s}; its b follows at
 * {@link #biasOffset(int)}. The vector holds W, b of layer index 0, then of layer index 1, and so on.
 */
public final class ParameterLayout {
    private final int[] sizes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int size;

    /**
     * @param sizes units per layer, inputs first: n_0, n_1, ..., n_L; at least two, all ≥ 1
     */
    public ParameterLayout(int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least 2 layer sizes (inputs and outputs), got "
                    + Arrays.toString(sizes));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("layer size " + i + " must be >= 1 (n_" + i + ", "
                        + (i == 0 ? "the inputs, seed layer 1" : "the units of layer index " + (i - 1) + ", seed layer "
                        + (i + 1)) + "), got " + sizes[i] + " in " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        long offset = 0;
        for (int i = 0; i < layers; i++) {
            weightOffsets[i] = (int) offset;
            offset += (long) sizes[i + 1] * sizes[i];
            biasOffsets[i] = (int) offset;
            offset += sizes[i + 1];
            if (offset > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("network " + Arrays.toString(sizes)
                        + " has more than 2^31 parameters");
            }
        }
        size = (int) offset;
    }

    /** @return the number of weight layers; layer indices run 0..layers() − 1, seed layers 2..layers() + 1 */
    public int layers() {
        return sizes.length - 1;
    }

    /**
     * @param layerIndex a layer index, from 0
     * @return the seed's number of the same layer, layerIndex + 2 (the seed's input layer is 1)
     */
    public static int seedLayer(int layerIndex) {
        return layerIndex + 2;
    }

    /**
     * @param seedLayer a seed layer number, from 2 (the seed's input layer 1 has no weights)
     * @return the layer index of the same layer, seedLayer − 2
     */
    public static int layerIndex(int seedLayer) {
        return seedLayer - 2;
    }

    /**
     * Refuses a layer index that this shape lacks.
     *
     * @param layerIndex a layer index, from 0
     * @throws IndexOutOfBoundsException naming the index, its seed layer and the valid range in both
     */
    public void checkLayerIndex(int layerIndex) {
        if (layerIndex < 0 || layerIndex >= layers()) {
            throw new IndexOutOfBoundsException("layer index " + layerIndex + " (seed layer " + seedLayer(layerIndex)
                    + ") is not a weight layer of network " + this + "; it has layer indices 0.." + (layers() - 1)
                    + " (seed layers 2.." + seedLayer(layers() - 1) + ")");
        }
    }

    /** @return units per layer, inputs first (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * Refuses a seed layer number that this shape lacks.
     *
     * @param seedLayer a seed layer number (1 is the input layer, layers() + 1 the output layer)
     * @param lowest the lowest number accepted: 1 where the input layer has the quantity asked
     *               for (its activations), 2 where only weight layers do (z, δ, W, b)
     * @throws IndexOutOfBoundsException naming the number, its layer index and the valid range in both
     */
    public void checkSeedLayer(int seedLayer, int lowest) {
        int top = seedLayer(layers() - 1);
        if (seedLayer < lowest || seedLayer > top) {
            String which = seedLayer == 1 ? "the input layer" : "layer index " + layerIndex(seedLayer);
            throw new IndexOutOfBoundsException("seed layer " + seedLayer + " (" + which + ") is not "
                    + (lowest == 1 ? "a layer" : "a weight layer") + " of network " + this + "; it has seed layers "
                    + lowest + ".." + top + " (" + (lowest == 1 ? "the input layer, then " : "") + "layer indices 0.."
                    + (layers() - 1) + ")");
        }
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2), below {@link #layers()}
     * @return units in that layer, {@code sizes()[layerIndex + 1]} (rows of its W)
     */
    public int units(int layerIndex) {
        return sizes[layerIndex + 1];
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return units in the layer below it, {@code sizes()[layerIndex]} (columns of its W)
     */
    public int inputs(int layerIndex) {
        return sizes[layerIndex];
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return offset of its W
     */
    public int weightOffset(int layerIndex) {
        return weightOffsets[layerIndex];
    }

    /**
     * @param layerIndex layer index from 0 (the seed's layer layerIndex + 2)
     * @return offset of its b
     */
    public int biasOffset(int layerIndex) {
        return biasOffsets[layerIndex];
    }

    /** @return total number of parameters */
    public int size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterLayout && Arrays.equals(sizes, ((ParameterLayout) o).sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return Arrays.toString(sizes);
    }
}
