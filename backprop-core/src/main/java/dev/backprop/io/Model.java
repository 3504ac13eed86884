package dev.backprop.io;

import dev.backprop.data.Scaler;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a model file holds: the network (sizes, activations, parameters), the loss it was
 * trained with, the class names, how inputs are scaled, the training settings and the seed.
 *
 * <p>The network is held, not copied: changes to its parameters show in this model. Class names,
 * training settings and other metadata are copied into unmodifiable collections (maps sorted by
 * key).
 *
 * @param network the network
 * @param loss the loss it was trained with; must accept the network's output activation
 * @param classNames names of the classes by output index; empty for regression or when unnamed
 * @param scaling how raw inputs are scaled before they enter the network, stored as the F32
 *        tensors {@code scaler.offset} and {@code scaler.scale} (absent for kind {@code none})
 * @param training training settings by name (for example {@code optimizer}, {@code eta},
 *        {@code epochs}, {@code batch_size}); keys non-empty
 * @param seed the seed training started from
 * @param otherMetadata {@code __metadata__} entries that this library does not read (other tools
 *        add their own, for example Hugging Face's {@code format}), kept so that saving a loaded
 *        model writes them back unchanged; no key is one that a model file's schema defines or a
 *        {@code training.} key
 */
public record Model(Network network, Loss loss, List<String> classNames, Scaler scaling,
                    Map<String, String> training, long seed, Map<String, String> otherMetadata) {

    /**
     * Checks and copies the parts.
     *
     * @param network the network
     * @param loss the loss it was trained with
     * @param classNames names of the classes by output index, possibly empty
     * @param scaling how raw inputs are scaled
     * @param training training settings by name
     * @param seed the seed
     * @param otherMetadata metadata entries this library does not read, kept as they are
     * @throws IllegalArgumentException if the loss does not fit the output activation, the scaling
     *         does not have one entry per input, a training key is empty, or a key of the other
     *         metadata is one the schema defines or starts with {@code training.}
     * @throws NullPointerException if a part, a class name, a setting or a metadata entry is null
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
        TreeMap<String, String> other = new TreeMap<>();
        for (Map.Entry<String, String> e : otherMetadata.entrySet()) {
            String k = Objects.requireNonNull(e.getKey(), "metadata key");
            if (ModelFile.METADATA_KEYS.contains(k) || k.startsWith(ModelFile.TRAINING)) {
                throw new IllegalArgumentException("metadata key \"" + k + "\" is one the model file defines; "
                        + "expected other metadata under keys of its own");
            }
            other.put(k, Objects.requireNonNull(e.getValue(), "metadata " + k));
        }
        otherMetadata = Collections.unmodifiableMap(other);
        if (!scaling.kind().equals(Scaler.NONE) && scaling.offsets().length != network.inputSize()) {
            throw new IllegalArgumentException("scaling '" + scaling.kind() + "' has " + scaling.offsets().length
                    + " features but the network has " + network.inputSize() + " inputs");
        }
    }

    /**
     * A model without other metadata.
     *
     * @param network the network
     * @param loss the loss it was trained with
     * @param classNames names of the classes by output index, possibly empty
     * @param scaling how raw inputs are scaled
     * @param training training settings by name
     * @param seed the seed
     * @throws IllegalArgumentException as for the canonical constructor
     */
    public Model(Network network, Loss loss, List<String> classNames, Scaler scaling, Map<String, String> training,
            long seed) {
        this(network, loss, classNames, scaling, training, seed, Map.of());
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
        return new Model(network, loss, List.of(), Scaler.none(), Map.of(), seed);
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
}
