package dev.backprop.cli.options;

import dev.backprop.cli.output.CliException;
import dev.backprop.io.Model;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** The network's shape, activations, loss and initial weights, for {@code train} and {@code gradcheck}. */
public final class NetworkOptions {
    @Option(names = "--layers", paramLabel = "N,N,...", description = "Units per layer, inputs first and outputs "
            + "last, e.g. 784,30,10 (they must match the data).")
    String layers;

    @Option(names = "--hidden", paramLabel = "N,...", description = "Hidden units per layer; inputs and outputs "
            + "come from the data. Default: 30 (without --layers or --init).")
    String hidden;

    @Option(names = "--activation", paramLabel = "NAME", description = "Hidden activation: sigmoid, tanh, relu, "
            + "leaky_relu, leaky_relu(SLOPE), identity. Default: sigmoid.")
    String activation;

    @Option(names = "--output-activation", paramLabel = "NAME", description = "Output activation. Default: from "
            + "the loss (softmax for cross-entropy, sigmoid for binary cross-entropy or squared error on classes, "
            + "identity for regression).")
    String outputActivation;

    @Option(names = "--loss", paramLabel = "NAME", description = "squared_error (the seed's ½ΣΣ(a−y)²), "
            + "mean_squared_error, softmax_cross_entropy, binary_cross_entropy. Default: softmax_cross_entropy for "
            + "classes, mean_squared_error for regression.")
    String loss;

    @Option(names = "--initializer", paramLabel = "NAME", description = "Initial weights: xavier, he, nielsen, "
            + "rhw_uniform, rhw_uniform(R). Default: xavier.")
    String initializer;

    /** @return whether --layers or --hidden was given */
    public boolean shapeGiven() {
        return layers != null || hidden != null;
    }

    /**
     * Takes these layers when neither --layers nor --hidden was given.
     *
     * @param sizes units per layer, comma-separated, as for --layers
     */
    public void defaultLayers(String sizes) {
        if (!shapeGiven()) {
            layers = sizes;
        }
    }

    /** @return the units per layer of --layers, or null when it was not given */
    public int[] layerSizes() {
        return layers == null ? null : ints(layers, "--layers").stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return the initializer's name as given or defaulted */
    public String initializerName() {
        return initializer == null ? "xavier" : initializer;
    }

    /**
     * The loss: as given, else the --init model's, else the default for the task and output activation.
     *
     * @param regression whether targets are numbers
     * @param net the network (its output activation picks the default)
     * @param init the --init model, or null
     * @return the loss, checked against the output activation
     */
    public Loss loss(boolean regression, Network net, Model init) {
        Loss l = loss != null ? parse(() -> Loss.parse(loss), "--loss") : init != null ? init.loss()
                : defaultLoss(regression);
        try {
            l.checkOutput(net.outputActivation());
        } catch (IllegalArgumentException e) {
            if (loss == null && init != null) {
                throw CliException.badInput("--output-activation " + outputActivation + " does not fit the --init "
                        + "model's loss " + l.name() + ": " + e.getMessage() + "; give --loss too");
            }
            throw CliException.badInput("--loss " + l.name() + " does not fit the output activation "
                    + net.outputActivation().name() + ": " + e.getMessage());
        }
        return l;
    }

    private static Loss defaultLoss(boolean regression) {
        return regression ? Loss.meanSquaredError() : Loss.softmaxCrossEntropy();
    }

    /**
     * Builds the network.
     *
     * @param inputs values per case in the data
     * @param outputs targets per case in the data
     * @param regression whether the targets are numbers
     * @param init a model whose weights to start from, or null
     * @param seed the initializer's seed
     * @return the network
     */
    public Network build(int inputs, int outputs, boolean regression, Model init, long seed) {
        int[] sizes = sizes(inputs, outputs, init);
        Activation hiddenAct = activation != null ? parse(() -> Activation.parse(activation), "--activation")
                : init != null ? init.network().activation(0) : Activation.sigmoid();
        Activation out;
        if (outputActivation != null) {
            out = parse(() -> Activation.parse(outputActivation), "--output-activation");
        } else if (init != null && loss == null) {
            out = init.network().outputActivation();
        } else {
            Loss l = loss != null ? parse(() -> Loss.parse(loss), "--loss") : defaultLoss(regression);
            out = defaultOutput(l, regression);
        }
        if (hiddenAct.name().equals("softmax")) {
            throw CliException.badInput("--activation softmax: softmax is for the output layer only "
                    + "(--output-activation)");
        }
        Activation[] acts = new Activation[sizes.length - 1];
        for (int i = 0; i < acts.length - 1; i++) {
            acts[i] = init != null && activation == null ? init.network().activation(i) : hiddenAct;
        }
        acts[acts.length - 1] = out;
        Network net = new Network(sizes, acts);
        if (init != null) {
            net.setParameters(init.network().parameters());
        } else {
            Initializer in = parse(() -> Initializer.parse(initializerName()), "--initializer");
            net.initialize(in, seed);
        }
        return net;
    }

    private static Activation defaultOutput(Loss l, boolean regression) {
        switch (l.name()) {
            case "softmax_cross_entropy": return Activation.softmax();
            case "binary_cross_entropy": return Activation.sigmoid();
            default: return regression ? Activation.identity() : Activation.sigmoid();
        }
    }

    private int[] sizes(int inputs, int outputs, Model init) {
        if (layers != null && hidden != null) {
            throw CliException.badInput("give either --layers or --hidden, not both");
        }
        int[] sizes;
        if (layers != null) {
            sizes = ints(layers, "--layers").stream().mapToInt(Integer::intValue).toArray();
            if (sizes.length < 2) {
                throw CliException.badInput("--layers " + layers + ": expected at least inputs and outputs, e.g. "
                        + inputs + ",30," + outputs);
            }
            if (sizes[0] != inputs || sizes[sizes.length - 1] != outputs) {
                throw CliException.badInput("--layers " + layers + ": the data has " + inputs + " inputs and "
                        + outputs + " outputs per case; expected " + inputs + ",...," + outputs);
            }
        } else if (hidden != null || init == null) {
            List<Integer> h = hidden == null ? List.of(30) : ints(hidden, "--hidden");
            sizes = new int[h.size() + 2];
            sizes[0] = inputs;
            for (int i = 0; i < h.size(); i++) {
                sizes[i + 1] = h.get(i);
            }
            sizes[sizes.length - 1] = outputs;
        } else {
            sizes = init.network().sizes();
            if (sizes[0] != inputs || sizes[sizes.length - 1] != outputs) {
                throw CliException.badInput("--init model " + Arrays.toString(sizes) + " takes " + sizes[0]
                        + " inputs and gives " + sizes[sizes.length - 1] + " outputs; the data has " + inputs
                        + " inputs and " + outputs + " outputs per case");
            }
        }
        for (int s : sizes) {
            if (s < 1 || s > 1 << 20) {
                throw CliException.badInput("layer sizes " + Arrays.toString(sizes) + ": each must be 1..1048576");
            }
        }
        if (init != null && !Arrays.equals(sizes, init.network().sizes())) {
            throw CliException.badInput("--init model has layers " + Arrays.toString(init.network().sizes())
                    + " but the network asked for is " + Arrays.toString(sizes));
        }
        return sizes;
    }

    /** Runs a core parser, turning its IllegalArgumentException into a bad-input error naming the option. */
    static <T> T parse(java.util.function.Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(option + ": " + e.getMessage());
        }
    }

    private static List<Integer> ints(String text, String option) {
        List<Integer> v = new ArrayList<>();
        for (String p : text.split(",", -1)) {
            try {
                v.add(Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw CliException.badInput(option + " '" + text + "': '" + p + "' is not a whole number; expected "
                        + "comma-separated unit counts such as 784,30,10");
            }
        }
        return v;
    }
}
