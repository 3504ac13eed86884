package dev.backprop.spark.submit;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

import java.util.Arrays;

/**
 * The network of {@link SparkTrain} from train's flags {@code --layers}, {@code --hidden},
 * {@code --activation}, {@code --output-activation}, {@code --loss} and {@code --initializer}, with
 * train's defaults: one hidden layer of 30, sigmoid, the output activation the loss asks for,
 * softmax cross-entropy for classes and mean squared error for targets, Xavier's initial weights.
 */
final class Networks {
    private Networks() {
    }

    /** Parses the flags that need no data, so that a bad name is refused before Spark starts. */
    static void check(Flags f) {
        if (f.has("--layers") && f.has("--hidden")) {
            throw new IllegalArgumentException("give either --layers or --hidden, not both");
        }
        f.integers("--layers");
        f.integers("--hidden");
        if (f.has("--activation")) {
            hidden(f);
        }
        if (f.has("--output-activation")) {
            SparkTrain.flagged("--output-activation", () -> Activation.parse(f.text("--output-activation", null)));
        }
        if (f.has("--loss")) {
            SparkTrain.flagged("--loss", () -> Loss.parse(f.text("--loss", null)));
        }
        SparkTrain.flagged("--initializer", () -> Initializer.parse(f.text("--initializer", "xavier")));
    }

    /**
     * @param f the flags
     * @param inputs values per case
     * @param outputs targets per case
     * @param regression whether the targets are numbers
     * @param seed the initializer's seed
     * @return the initialized network
     */
    static Network build(Flags f, int inputs, int outputs, boolean regression, long seed) {
        int[] sizes = sizes(f, inputs, outputs);
        Activation hiddenAct = hidden(f);
        Activation out = f.has("--output-activation")
                ? SparkTrain.flagged("--output-activation", () -> Activation.parse(f.text("--output-activation", null)))
                : defaultOutput(loss(f, regression), regression);
        Activation[] acts = new Activation[sizes.length - 1];
        Arrays.fill(acts, hiddenAct);
        acts[acts.length - 1] = out;
        Initializer in = SparkTrain.flagged("--initializer",
                () -> Initializer.parse(f.text("--initializer", "xavier")));
        return new Network(sizes, acts).initialize(in, seed);
    }

    /**
     * @param f the flags
     * @param regression whether the targets are numbers
     * @param net the network, whose output activation the loss must fit
     * @return the loss
     */
    static Loss loss(Flags f, boolean regression, Network net) {
        Loss l = loss(f, regression);
        try {
            l.checkOutput(net.outputActivation());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--loss " + l.name() + " does not fit the output activation "
                    + net.outputActivation().name() + ": " + e.getMessage());
        }
        return l;
    }

    private static Loss loss(Flags f, boolean regression) {
        return f.has("--loss") ? SparkTrain.flagged("--loss", () -> Loss.parse(f.text("--loss", null)))
                : regression ? Loss.meanSquaredError() : Loss.softmaxCrossEntropy();
    }

    private static Activation hidden(Flags f) {
        Activation a = SparkTrain.flagged("--activation", () -> Activation.parse(f.text("--activation", "sigmoid")));
        if (a.name().equals("softmax")) {
            throw new IllegalArgumentException("--activation softmax: softmax is for the output layer only "
                    + "(--output-activation)");
        }
        return a;
    }

    private static Activation defaultOutput(Loss l, boolean regression) {
        switch (l.name()) {
            case "softmax_cross_entropy": return Activation.softmax();
            case "binary_cross_entropy": return Activation.sigmoid();
            default: return regression ? Activation.identity() : Activation.sigmoid();
        }
    }

    private static int[] sizes(Flags f, int inputs, int outputs) {
        int[] sizes = f.integers("--layers");
        if (sizes != null) {
            if (sizes.length < 2 || sizes[0] != inputs || sizes[sizes.length - 1] != outputs) {
                throw new IllegalArgumentException("--layers " + f.text("--layers", "") + ": the data has " + inputs
                        + " inputs and " + outputs + " outputs per case; expected " + inputs + ",...," + outputs);
            }
        } else {
            int[] h = f.has("--hidden") ? f.integers("--hidden") : new int[] {30};
            sizes = new int[h.length + 2];
            sizes[0] = inputs;
            System.arraycopy(h, 0, sizes, 1, h.length);
            sizes[sizes.length - 1] = outputs;
        }
        for (int s : sizes) {
            if (s < 1 || s > 1 << 20) {
                throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes)
                        + ": each must be 1..1048576");
            }
        }
        return sizes;
    }
}
