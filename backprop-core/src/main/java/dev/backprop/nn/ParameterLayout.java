package dev.backprop.nn;

import java.util.Arrays;

/**
 * Where each layer's W and b live in the network's one flat float32 parameter vector (and, with
 * the same offsets, in a gradient vector).
 *
 * <p>Layers are numbered from 0: layer i maps the n_i units of the layer below (n_0 = the inputs)
 * to its own n_(i+1) units. In the seed's numbering, where the input layer is layer 1, layer i
 * here is the seed's layer l = i + 2. Its W is stored row-major with the seed's orientation,
 * (units in layer) × (units in previous layer), so w_ds is at {@code weightOffset(i) + d * n_i + s};
 * its b follows at {@link #biasOffset(int)}. The vector holds W, b of layer 0, then of layer 1, and so on.
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
                throw new IllegalArgumentException("layer size " + i + " must be >= 1, got " + sizes[i]
                        + " in " + Arrays.toString(sizes));
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

    /** @return the number of weight layers L */
    public int layers() {
        return sizes.length - 1;
    }

    /** @return units per layer, inputs first (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * @param i layer index, 0 ≤ i &lt; L
     * @return units in layer i (rows of its W)
     */
    public int units(int i) {
        return sizes[i + 1];
    }

    /**
     * @param i layer index
     * @return units in the layer below layer i (columns of its W)
     */
    public int inputs(int i) {
        return sizes[i];
    }

    /**
     * @param i layer index
     * @return offset of W of layer i
     */
    public int weightOffset(int i) {
        return weightOffsets[i];
    }

    /**
     * @param i layer index
     * @return offset of b of layer i
     */
    public int biasOffset(int i) {
        return biasOffsets[i];
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
