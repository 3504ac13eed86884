package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

import java.util.Map;

/**
 * The network's shape as model files and checkpoints both store it: the metadata strings
 * {@code architecture} (layer sizes, for example {@code 784,30,10}) and {@code activations} (one
 * {@link Activation#name()} per layer, comma-separated), written and parsed here only.
 *
 * @param sizes the layer sizes n_0 .. n_L
 * @param layout where each layer's parameters lie in the flat array
 * @param activations one per layer
 */
record Architecture(int[] sizes, ParameterLayout layout, Activation[] activations) {

    /**
     * Puts a network's {@code architecture} and {@code activations} into metadata.
     *
     * @throws IllegalArgumentException if an activation's name holds a comma
     */
    static void write(Network net, Map<String, String> meta) {
        int[] sizes = net.sizes();
        StringBuilder arch = new StringBuilder();
        for (int k = 0; k < sizes.length; k++) {
            arch.append(k > 0 ? "," : "").append(sizes[k]);
        }
        StringBuilder acts = new StringBuilder();
        for (int i = 0; i < net.layers(); i++) {
            String a = net.activation(i).name();
            if (a.contains(",")) {
                throw new IllegalArgumentException("activation name '" + a + "' holds a comma");
            }
            acts.append(i > 0 ? "," : "").append(a);
        }
        meta.put("architecture", arch.toString());
        meta.put("activations", acts.toString());
    }

    /**
     * Parses and checks the two strings: sizes, then their layout, then one activation per layer.
     *
     * @param r the reader, for messages that name the byte of the offending string
     * @param architecture the {@code architecture} string
     * @param activations the {@code activations} string
     */
    static Architecture read(Safetensors.Reader r, Json.Str architecture, Json.Str activations)
            throws InputFormatException {
        int[] sizes = sizes(r, architecture);
        ParameterLayout layout;
        try {
            layout = new ParameterLayout(sizes);
        } catch (IllegalArgumentException e) {
            throw r.fail(r.h(architecture.at()), "a valid architecture: " + e.getMessage());
        }
        return new Architecture(sizes, layout, activations(r, activations, layout.layers()));
    }

    private static int[] sizes(Safetensors.Reader r, Json.Str text) throws InputFormatException {
        String[] parts = text.value().split(",", -1);
        int[] sizes = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            if (!parts[k].matches("[0-9]{1,10}") || Long.parseLong(parts[k]) > Integer.MAX_VALUE
                    || Long.parseLong(parts[k]) < 1) {
                throw r.fail(r.h(text.at()), "architecture as layer sizes >= 1 separated by commas (like 784,30,10), "
                        + "found \"" + text.value() + "\"");
            }
            sizes[k] = Integer.parseInt(parts[k]);
        }
        if (sizes.length < 2) {
            throw r.fail(r.h(text.at()), "an architecture of at least 2 layer sizes, found \"" + text.value() + "\"");
        }
        return sizes;
    }

    private static Activation[] activations(Safetensors.Reader r, Json.Str text, int layers)
            throws InputFormatException {
        String[] parts = text.value().split(",", -1);
        if (parts.length != layers) {
            throw r.fail(r.h(text.at()), layers + " activations (one per layer), found " + parts.length + " in \""
                    + text.value() + "\"");
        }
        Activation[] acts = new Activation[layers];
        for (int k = 0; k < layers; k++) {
            try {
                acts[k] = Activation.parse(parts[k]);
            } catch (IllegalArgumentException e) {
                throw r.fail(r.h(text.at()), "a valid activation of layer " + k + ": " + e.getMessage());
            }
        }
        return acts;
    }
}
