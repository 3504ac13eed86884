package dev.backprop.cli.commands;

import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.output.CliException;
import dev.backprop.io.Model;
import dev.backprop.math.Kernels;
import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.reference.ReferenceNetwork;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop explain}: one case through the seed's equations, every quantity with its shape
 * and the equation that produced it, each gradient beside its finite-difference value.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show one case's forward and backward pass: every z^l, a^l, δ^l, ∂E/∂W^l, ∂E/∂b^l and "
                + "∂E/∂a^(l−1) with its shape and the seed's equation, and beside each gradient the value from "
                + "central finite differences of the double-precision reference network.",
            "Default: the seed's Figure 1 network (3 inputs; 4, 3 and 4 sigmoid units; E = ½Σ(a−y)²) with "
                    + "Rumelhart-Hinton-Williams uniform weights, and a seeded random input and 0/1 target.",
            "Layers are numbered as in the seed: layer 1 is the input, L the output.",
            "Examples:",
            "  backprop explain",
            "  backprop explain --model iris.safetensors --data iris.csv --case 7 --format markdown"})
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, paramLabel = "MODEL", description = "A model file instead of Figure 1.")
    Path model;

    @Option(names = {"--data", "-d"}, paramLabel = "FILE", description = "Take the case from this labelled file "
            + "(needs --model); the model's scaling is applied.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX images in --data.")
    Path labels;

    @Mixin
    CsvOptions csv;

    @Option(names = "--case", paramLabel = "N", description = "Which case of --data, from 0. Default: "
            + "${DEFAULT-VALUE}.")
    int caseIndex;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of Figure 1's weights and of the random case. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed = 1986;

    @Option(names = "--max-parameters", paramLabel = "N", description = "Refuse a network of more than N "
            + "parameters: each is printed and differenced over a forward pass, so the work grows as parameters². "
            + "Default: ${DEFAULT-VALUE} (784-30-10 fits).")
    int maxParameters = 25_000;

    @Option(names = "--format", paramLabel = "text|markdown", description = "Output format. Default: "
            + "${DEFAULT-VALUE}.")
    Style format = Style.TEXT;

    /** Output formats. */
    enum Style {
        /** Plain text. */
        TEXT,
        /** Markdown, to paste into notes. */
        MARKDOWN
    }

    /** Finite-difference step in double precision; the five-point stencil's error is O(h⁴). */
    private static final double H = 1e-3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Network net;
        Loss loss;
        float[] x;
        float[] y;
        String what;
        if (data == null && spec.commandLine().getParseResult().hasMatchedOption("--case")) {
            throw CliException.badInput("--case " + caseIndex + " needs --data (without it the case is random)");
        }
        if (model == null) {
            if (data != null) {
                throw CliException.badInput("--data needs --model (the default Figure 1 network takes a random case)");
            }
            net = new Network(new int[] {3, 4, 3, 4}, Activation.sigmoid(), Activation.sigmoid(), Activation.sigmoid())
                    .initialize(Initializer.rhwUniform(), seed);
            loss = Loss.squaredError();
            checkSize(net);
            Rng rng = new Rng(seed);
            x = new float[3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextDouble();
            }
            y = new float[4];
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextDouble() < 0.5 ? 0f : 1f;
            }
            what = "the seed's Figure 1 network, Rumelhart-Hinton-Williams uniform weights (seed " + seed
                    + "), a random input and 0/1 target (seed " + seed + ")";
        } else {
            ModelInfo m = ModelInfo.of(dev.backprop.io.ModelFile.load(model));
            Model mm = m.model();
            net = mm.network();
            loss = mm.loss();
            checkSize(net);
            if (data == null) {
                Rng rng = new Rng(seed);
                x = new float[net.inputSize()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rng.nextDouble();
                }
                y = new float[net.outputSize()];
                if (m.classNames() != null) {
                    y[(int) (rng.nextDouble() * y.length)] = 1f;
                } else {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = (float) rng.nextDouble();
                    }
                }
                what = model + " with a random (already scaled) input and target (seed " + seed + ")";
            } else {
                LoadedData d = DataLoader.forModel(data, labels, csv, m, true);
                if (caseIndex < 0 || caseIndex >= d.rows()) {
                    throw CliException.badInput("--case " + caseIndex + ": " + data + " has cases 0.." + (d.rows() - 1));
                }
                ModelOptions.scale(mm, d);
                x = Arrays.copyOfRange(d.x(), caseIndex * d.inputs(), (caseIndex + 1) * d.inputs());
                y = Arrays.copyOfRange(d.y(), caseIndex * d.outputs(), (caseIndex + 1) * d.outputs());
                what = model + ", case " + caseIndex + " of " + data + " (scaled as at training)";
            }
        }
        if (model != null) {
            String name = data != null ? "case " + caseIndex + " of " + data : "the random case (seed " + seed + ")";
            ModelOptions.checkOutputs(model, net, x, new Inference(net).outputs(x, 1), 1, c -> name);
        }
        new Explanation(net, loss, x, y, format == Style.MARKDOWN, out).print(what);
        out.flush();
        return 0;
    }

    /** Refuses, before any data is read, a network whose explanation would take parameters² work past the cap. */
    private void checkSize(Network net) {
        int parameters = net.layout().size();
        if (parameters > maxParameters) {
            throw CliException.badInput(String.format(Locale.ROOT, "%s has %,d parameters, more than --max-parameters "
                    + "%d: explain prints each one and differences E once per parameter (work grows as parameters²); "
                    + "give --max-parameters %d to explain it anyway", model != null ? model : "the network",
                    parameters, maxParameters, parameters));
        }
    }

    /** Computes and prints one case's pass. */
    private static final class Explanation {
        private final Network net;
        private final Loss loss;
        private final float[] x;
        private final float[] y;
        private final boolean md;
        private final PrintWriter out;
        private final int[] n;
        private final int L;

        Explanation(Network net, Loss loss, float[] x, float[] y, boolean md, PrintWriter out) {
            this.net = net;
            this.loss = loss;
            this.x = x;
            this.y = y;
            this.md = md;
            this.out = out;
            int[] sizes = net.sizes();
            this.L = sizes.length;
            this.n = new int[L + 1];
            for (int l = 1; l <= L; l++) {
                n[l] = sizes[l - 1];
            }
        }

        void print(String what) {
            Backpropagation bp = new Backpropagation(net, Kernels.scalar(), 1);
            bp.computeInputGradient(true);
            bp.load(x, y, 0, 1);
            bp.forward(1);
            float[] g = new float[net.layout().size()];
            double e = bp.backward(loss, 1, g);
            ReferenceNetwork ref = new ReferenceNetwork(net);
            double[][] xs = {toDouble(x)};
            double[][] ys = {toDouble(y)};
            boolean fused = loss.name().equals("softmax_cross_entropy") || loss.name().equals("binary_cross_entropy");

            heading(1, "backprop explain");
            para(what + ". Network " + Arrays.toString(net.sizes()) + ", activations " + activations()
                    + ", loss " + loss.name() + ". Layers numbered as in the seed: layer 1 is the input a^1 = x, "
                    + "layer L = " + L + " the output. Values are the library's float32 pass (scalar kernels); "
                    + "[fd …] is the central finite difference (five points, h = " + H + ") of E in the "
                    + "double-precision reference network.");
            heading(2, "Forward pass");
            vector("a^1 = x", shape(n[1], 1), "the input", bp.activationsOfSeedLayer(1, 1), null);
            vector("y", shape(n[L], 1), "the desired output", y, null);
            for (int l = 2; l <= L; l++) {
                vector("z^" + l + " = W^" + l + " a^" + (l - 1) + " + b^" + l,
                        shape(n[l], 1) + " = " + shape(n[l], n[l - 1]) + " " + shape(n[l - 1], 1) + " + "
                                + shape(n[l], 1),
                        "seed: z^l = W^l a^(l−1) + b^l", bp.weightedInputsOfSeedLayer(l, 1), null);
                vector("a^" + l + " = σ(z^" + l + ")", shape(n[l], 1),
                        "seed: a_d^l = σ(z_d^l), σ = " + net.activation(l - 2).name(), bp.activationsOfSeedLayer(l, 1), null);
            }
            line(String.format(Locale.ROOT, "E = %s = %.9g   [fd reference: %.9g]", errorFormula(), e,
                    ref.error(loss, xs, ys)));

            heading(2, "Backward pass");
            for (int l = L; l >= 2; l--) {
                if (l == L) {
                    if (fused) {
                        para("∂E/∂a^" + L + " is not formed: " + loss.name() + " is fused with the " + 
                                net.outputActivation().name() + " output, and δ^L = ∂E/∂a^L ⊙ σ'(z^L) simplifies "
                                + "to a^L − y.");
                    } else {
                        vector("∂E/∂a^" + L, shape(n[L], 1), "from E: " + errorGradientFormula(),
                                bp.errorGradientsOfSeedLayer(L, 1), fdOutputs(l));
                    }
                }
                String deltaTag = net.activation(l - 2).name().equals("softmax") && !fused
                        ? "seed eq. bp-final-1 with the softmax Jacobian: δ^l = (∂a^l/∂z^l)ᵀ ∂E/∂a^l"
                        : fused && l == L ? "seed eq. bp-final-1, fused: δ^L = a^L − y"
                        : "seed eq. bp-final-1: δ^l = ∂E/∂a^l ⊙ ∂a^l/∂z^l";
                vector("δ^" + l + (l == L && fused ? " = a^" + L + " − y" : " = ∂E/∂a^" + l + " ⊙ σ'(z^" + l + ")"),
                        shape(n[l], 1), deltaTag, bp.deltasOfSeedLayer(l, 1), null);
                ParameterLayout lay = net.layout();
                int i = l - 2;
                float[] w = Arrays.copyOfRange(g, lay.weightOffset(i), lay.weightOffset(i) + n[l] * n[l - 1]);
                double[] fdw = new double[w.length];
                for (int j = 0; j < w.length; j++) {
                    fdw[j] = fdParameter(ref, xs, ys, lay.weightOffset(i) + j);
                }
                matrix("∂E/∂W^" + l + " = δ^" + l + " (a^" + (l - 1) + ")ᵀ", shape(n[l], n[l - 1]) + " = "
                        + shape(n[l], 1) + " " + shape(1, n[l - 1]), "seed eq. bp-final-3", w, n[l], n[l - 1], fdw);
                float[] b = Arrays.copyOfRange(g, lay.biasOffset(i), lay.biasOffset(i) + n[l]);
                double[] fdb = new double[b.length];
                for (int j = 0; j < b.length; j++) {
                    fdb[j] = fdParameter(ref, xs, ys, lay.biasOffset(i) + j);
                }
                vector("∂E/∂b^" + l + " = δ^" + l, shape(n[l], 1), "seed eq. bp-final-4", b, fdb);
                vector("∂E/∂a^" + (l - 1) + " = (W^" + l + ")ᵀ δ^" + l, shape(n[l - 1], 1) + " = "
                        + shape(n[l - 1], n[l]) + " " + shape(n[l], 1), "seed eq. bp-final-5",
                        bp.errorGradientsOfSeedLayer(l - 1, 1), fdOutputs(l - 1));
            }
            para("Gradient descent would then step w ← w − η ∂E/∂w (seed: Δw_ds^l = −η ∂E/∂w_ds^l).");
        }

        private String activations() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < net.layers(); i++) {
                sb.append(i > 0 ? ", " : "").append(net.activation(i).name());
            }
            return sb.toString();
        }

        private String errorFormula() {
            switch (loss.name()) {
                case "squared_error": return "½ Σ_d (a_d^L − y_d)²";
                case "mean_squared_error": return "(1/n_L) Σ_d (a_d^L − y_d)²";
                case "softmax_cross_entropy": return "−Σ_d y_d log a_d^L";
                case "binary_cross_entropy": return "−Σ_d [y_d log a_d^L + (1 − y_d) log(1 − a_d^L)]";
                default: return loss.name();
            }
        }

        private String errorGradientFormula() {
            switch (loss.name()) {
                case "squared_error": return "∂E/∂a_d^L = a_d^L − y_d";
                case "mean_squared_error": return "∂E/∂a_d^L = (2/n_L)(a_d^L − y_d)";
                default: return "∂E/∂a^L of " + loss.name();
            }
        }

        /** Central differences of E in the parameter j of the reference network. */
        private double fdParameter(ReferenceNetwork ref, double[][] xs, double[][] ys, int j) {
            double w0 = ref.setParameter(j, 0);
            double[] f = new double[4];
            double[] at = {w0 + 2 * H, w0 + H, w0 - H, w0 - 2 * H};
            for (int k = 0; k < 4; k++) {
                ref.setParameter(j, at[k]);
                f[k] = ref.error(loss, xs, ys);
            }
            ref.setParameter(j, w0);
            return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
        }

        /**
         * ∂E/∂a^l by central differences: E as a function of a^l is the network above layer l,
         * built as its own reference network with a^l as its input.
         */
        private double[] fdOutputs(int l) {
            double[] a = new ReferenceNetwork(net).trace(loss, toDouble(x), toDouble(y)).a[l];
            double[][] ys = {toDouble(y)};
            if (l == L) {
                double[] d = new double[n[L]];
                for (int s = 0; s < d.length; s++) {
                    d[s] = fdLoss(a, s);
                }
                return d;
            }
            int[] sizes = Arrays.copyOfRange(net.sizes(), l - 1, L);
            Activation[] acts = new Activation[sizes.length - 1];
            for (int i = 0; i < acts.length; i++) {
                acts[i] = net.activation(l - 1 + i);
            }
            Network upper = new Network(sizes, acts);
            for (int i = 0; i < acts.length; i++) {
                upper.setWeights(i, net.weights(l - 1 + i));
                upper.setBiases(i, net.biases(l - 1 + i));
            }
            ReferenceNetwork ref = new ReferenceNetwork(upper);
            double[] d = new double[a.length];
            for (int s = 0; s < a.length; s++) {
                double[] f = new double[4];
                double[] step = {2 * H, H, -H, -2 * H};
                for (int k = 0; k < 4; k++) {
                    double[] p = a.clone();
                    p[s] += step[k];
                    f[k] = ref.error(loss, new double[][] {p}, ys);
                }
                d[s] = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
            }
            return d;
        }

        /** ∂E/∂a_s^L by differences of the loss alone (only for losses not fused with σ). */
        private double fdLoss(double[] a, int s) {
            double[] f = new double[4];
            double[] step = {2 * H, H, -H, -2 * H};
            for (int k = 0; k < 4; k++) {
                double e = 0;
                for (int d = 0; d < a.length; d++) {
                    double v = a[d] + (d == s ? step[k] : 0) - y[d];
                    e += v * v;
                }
                f[k] = loss.name().equals("squared_error") ? 0.5 * e : e / a.length;
            }
            return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
        }

        private static String shape(int rows, int cols) {
            return "(" + rows + " × " + cols + ")";
        }

        private void heading(int level, String text) {
            if (md) {
                out.println("#".repeat(level + 1) + " " + text);
                out.println();
            } else {
                out.println(level == 1 ? text : "\n" + text.toUpperCase(Locale.ROOT));
            }
        }

        private void para(String text) {
            out.println(text);
            out.println();
        }

        private void line(String text) {
            out.println(md ? "**" + text + "**" : text);
            out.println();
        }

        private void vector(String name, String shape, String tag, float[] v, double[] fd) {
            matrix(name, shape, tag, v, v.length, 1, fd);
        }

        private void matrix(String name, String shape, String tag, float[] v, int rows, int cols, double[] fd) {
            if (md) {
                out.println("**" + name + "** " + shape + " — " + tag);
                out.println();
                StringBuilder head = new StringBuilder("| |");
                StringBuilder rule = new StringBuilder("| --- |");
                for (int c = 0; c < cols; c++) {
                    head.append(cols == 1 ? " value |" : " s = " + (c + 1) + " |");
                    rule.append(" ---: |");
                    if (fd != null) {
                        head.append(" fd |");
                        rule.append(" ---: |");
                    }
                }
                out.println(head);
                out.println(rule);
                for (int r = 0; r < rows; r++) {
                    StringBuilder sb = new StringBuilder("| d = " + (r + 1) + " |");
                    for (int c = 0; c < cols; c++) {
                        sb.append(' ').append(num(v[r * cols + c])).append(" |");
                        if (fd != null) {
                            sb.append(' ').append(num(fd[r * cols + c])).append(" |");
                        }
                    }
                    out.println(sb);
                }
                out.println();
            } else {
                out.println(name + "   " + shape + "   [" + tag + "]");
                for (int r = 0; r < rows; r++) {
                    StringBuilder sb = new StringBuilder("    ");
                    for (int c = 0; c < cols; c++) {
                        sb.append(String.format(Locale.ROOT, "%15s", num(v[r * cols + c])));
                        if (fd != null) {
                            sb.append(String.format(Locale.ROOT, " [fd %13s]", num(fd[r * cols + c])));
                        }
                    }
                    out.println(sb);
                }
            }
            if (fd != null) {
                double worst = 0;
                for (int i = 0; i < fd.length; i++) {
                    worst = Math.max(worst, dev.backprop.check.GradientCheck.relativeError(v[i], fd[i], 1e-6));
                }
                out.println(String.format(Locale.ROOT, md ? "Largest relative difference from the finite differences: "
                        + "%.2e%n" : "    largest relative difference from the finite differences: %.2e", worst));
            }
            out.println();
        }

        private static String num(double v) {
            return String.format(Locale.ROOT, "%.7g", v);
        }

        private static double[] toDouble(float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return d;
        }
    }
}
