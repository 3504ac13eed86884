package dev.backprop.io;

import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a model file holds: the network (sizes, activations, parameters), the loss it was
 * trained with, the class names, how inputs are scaled, the training settings and the seed.
 *
 * <p>The network is held, not copied: changes to its parameters show in this model. Class names
 * and training settings are copied into unmodifiable collections (settings sorted by key).
 *
 * @param network the network
 * @param loss the loss it was trained with; must accept the network's output activation
 * @param classNames names of the classes by output index; empty for regression or when unnamed
 * @param scaling how raw inputs are scaled before they enter the network
 * @param training training settings by name (for example {@code optimizer}, {@code eta},
 *        {@code epochs}, {@code batch_size}); keys non-empty
 * @param seed the seed training started from
 */
public record Model(Network network, Loss loss, List<String> classNames, Scaling scaling,
                    Map<String, String> training, long seed) {

    /**
     * Checks and copies the parts.
     *
     * @param network the network
     * @param loss the loss it was trained with
     * @param classNames names of the classes by output index, possibly empty
     * @param scaling how raw inputs are scaled
     * @param training training settings by name
     * @param seed the seed
     * @throws IllegalArgumentException if the loss does not fit the output activation, the scaling
     *         does not have one entry per input, or a training key is empty
     * @throws NullPointerException if a part, a class name or a setting is null
     */
    public Model {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(scaling, "scaling");
        loss.checkOutput(network.outputActivation());
        classNames = List.copyOf(classNames);
        TreeMap<String, String> t = new TreeMap<>();
        for (Map.Entry<String, String> e : training.entrySet()) {
            String k = Objects.requireNonNull(e.getKey(), "training setting name");
            if (k.isEmpty()) {
                throw new IllegalArgumentException("a training setting needs a non-empty name");
            }
            t.put(k, Objects.requireNonNull(e.getValue(), "training setting " + k));
        }
        training = Collections.unmodifiableMap(t);
        if (!scaling.kind().equals(Scaling.NONE) && scaling.offset().length != network.inputSize()) {
            throw new IllegalArgumentException("scaling '" + scaling.kind() + "' has " + scaling.offset().length
                    + " features but the network has " + network.inputSize() + " inputs");
        }
    }

    /**
     * A model with no class names, no scaling and no training settings.
     *
     * @param network the network
     * @param loss the loss
     * @param seed the seed
     * @return the model
     */
    public static Model of(Network network, Loss loss, long seed) {
        return new Model(network, loss, List.of(), Scaling.none(), Map.of(), seed);
    }

    /**
     * The model file format version this model is written in; loading refuses other versions, so
     * every loaded model has this one.
     *
     * @return {@link ModelFile#FORMAT_VERSION}
     */
    public String formatVersion() {
        return ModelFile.FORMAT_VERSION;
    }

    /**
     * How raw inputs are scaled before they enter the network: a kind and two arrays with one entry
     * per input feature, x' = (x − offset) / scale, exactly as {@link dev.backprop.data.Scaler}
     * computes it ({@code Scaler.of(kind, offset, scale)} restores one). Stored as the
     * F32 tensors {@code scaler.offset} and {@code scaler.scale} (absent for kind {@code none}).
     *
     * @param kind {@code none}, {@code minmax} or {@code standard}
     * @param offset per feature (the minimum or the mean); empty for {@code none}
     * @param scale per feature (the range or the standard deviation); empty for {@code none}
     */
    public record Scaling(String kind, float[] offset, float[] scale) {
        /** No scaling. */
        public static final String NONE = "none";
        /** Min-max scaling. */
        public static final String MINMAX = "minmax";
        /** Standardisation to mean 0 and standard deviation 1. */
        public static final String STANDARD = "standard";

        /**
         * Checks and copies the arrays.
         *
         * @param kind {@code none}, {@code minmax} or {@code standard}
         * @param offset per feature; empty for {@code none}
         * @param scale per feature; empty for {@code none}
         * @throws IllegalArgumentException if the kind is unknown, {@code none} has entries, the
         *         arrays differ in length or are empty for another kind, a value is not finite or a
         *         scale is zero (as {@code Scaler.of} requires)
         */
        public Scaling {
            Objects.requireNonNull(kind, "kind");
            offset = offset.clone();
            scale = scale.clone();
            if (!kind.equals(NONE) && !kind.equals(MINMAX) && !kind.equals(STANDARD)) {
                throw new IllegalArgumentException("unknown scaling '" + kind + "'; expected one of none, minmax, standard");
            }
            if (kind.equals(NONE) ? offset.length != 0 || scale.length != 0
                    : offset.length == 0 || offset.length != scale.length) {
                throw new IllegalArgumentException("scaling '" + kind + "' needs " + (kind.equals(NONE)
                        ? "no offsets and scales" : "one offset and one scale per feature")
                        + ", got " + offset.length + " offsets and " + scale.length + " scales");
            }
            for (int j = 0; j < offset.length; j++) {
                if (!Float.isFinite(offset[j]) || !Float.isFinite(scale[j]) || scale[j] == 0f) {
                    throw new IllegalArgumentException("scaling '" + kind + "': feature " + j + " has offset "
                            + offset[j] + " and scale " + scale[j] + "; both must be finite and the scale non-zero");
                }
            }
        }

        /** @return no scaling */
        public static Scaling none() {
            return new Scaling(NONE, new float[0], new float[0]);
        }

        /** @return a copy of the offsets */
        @Override
        public float[] offset() {
            return offset.clone();
        }

        /** @return a copy of the scales */
        @Override
        public float[] scale() {
            return scale.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Scaling s && kind.equals(s.kind) && Arrays.equals(offset, s.offset)
                    && Arrays.equals(scale, s.scale);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, Arrays.hashCode(offset), Arrays.hashCode(scale));
        }

        @Override
        public String toString() {
            return "Scaling[" + kind + ", offset=" + Arrays.toString(offset) + ", scale=" + Arrays.toString(scale) + "]";
        }
    }
}
