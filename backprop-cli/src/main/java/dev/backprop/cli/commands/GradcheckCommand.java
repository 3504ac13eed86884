package dev.backprop.cli.commands;

import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.options.NetworkOptions;
import dev.backprop.cli.options.ProgressOptions;
import dev.backprop.cli.output.CheckProgress;
import dev.backprop.cli.output.CliException;
import dev.backprop.io.ModelFile;
import dev.backprop.math.Rng;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
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

/** {@code backprop gradcheck}: backpropagation's gradient against finite differences, per layer. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check backpropagation's gradient of E against central finite differences of the "
                + "double-precision reference network, and the float32 path against the double one, per layer. "
                + "Exits 1 when the worst relative error exceeds --tolerance. Past --sample parameters, every bias "
                + "and a seeded random sample of the weights are differenced.",
            "Examples:",
            "  backprop gradcheck                                   (a random 5-8-4-3 sigmoid network)",
            "  backprop gradcheck --layers 4,16,3 --activation tanh --loss softmax_cross_entropy",
            "  backprop gradcheck --model iris.safetensors --data iris.csv --cases 10"})
public final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, paramLabel = "MODEL", description = "Check this model (default: a random "
            + "network from --layers).")
    Path model;

    @Option(names = {"--data", "-d"}, paramLabel = "FILE", description = "Take the cases from this labelled file "
            + "(needs --model; scaled as at training). Default: random cases.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX images in --data.")
    Path labels;

    @Mixin
    CsvOptions csv;

    @Mixin
    NetworkOptions network;

    @Option(names = "--cases", paramLabel = "N", description = "Cases in the batch whose E is differentiated. "
            + "Default: ${DEFAULT-VALUE}.")
    int cases = 5;

    @Option(names = "--tolerance", paramLabel = "TOL", description = "Largest accepted relative error of "
            + "backpropagation against finite differences. Default: what the differences' own round-off allows, "
            + "max(1e-6, 6 √cases · 2^-53 · |E| / (h · floor)), h = floor = 1e-3 and 1e-6.")
    Double tolerance;

    @Option(names = "--float32-tolerance", paramLabel = "TOL", description = "Largest accepted per-layer error of "
            + "the float32 gradient against the double one (max-norm relative). Default: ${DEFAULT-VALUE}.")
    double float32Tolerance = 1e-4;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random network, the cases and the "
            + "sample of parameters. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--sample", paramLabel = "N", description = "Above N parameters, difference every bias and "
            + "a random sample of the weights, about N in all (each difference is four forward passes over the "
            + "cases). Default: ${DEFAULT-VALUE}.")
    int sample = 4096;

    @Option(names = "--all-parameters", description = "Difference every parameter, however many.")
    boolean allParameters;

    @Option(names = "--progress", paramLabel = "auto|always|never", description = "The progress bar on stderr. "
            + "Default: ${DEFAULT-VALUE} (when stderr is a terminal).")
    ProgressOptions.When progress = ProgressOptions.When.AUTO;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (cases < 1 || cases > 100_000) {
            throw CliException.badInput("--cases " + cases + ": expected 1..100000");
        }
        if (sample < 1) {
            throw CliException.badInput("--sample " + sample + ": expected at least 1");
        }
        if ((tolerance != null && !(tolerance > 0)) || !(float32Tolerance > 0)) {
            throw CliException.badInput("tolerances must be positive numbers");
        }
        Network net;
        Loss loss;
        float[] x;
        float[] y;
        int n;
        String what;
        if (model != null) {
            if (network.shapeGiven()) {
                throw CliException.badInput("--model fixes the network: leave out --layers and --hidden");
            }
            ModelInfo m = ModelInfo.of(ModelFile.load(model));
            net = m.model().network();
            loss = m.model().loss();
            if (data != null) {
                LoadedData d = DataLoader.forModel(data, labels, csv, m, true);
                ModelOptions.scale(m.model(), d);
                n = Math.min(cases, d.rows());
                x = Arrays.copyOf(d.x(), n * d.inputs());
                y = Arrays.copyOf(d.y(), n * d.outputs());
                what = model + " on the first " + n + " cases of " + data;
            } else {
                n = cases;
                x = random(n * net.inputSize(), seed, false);
                y = targets(n, net.outputSize(), seed, m.classNames() != null);
                what = model + " on " + n + " random cases (seed " + seed + ")";
            }
        } else {
            if (data != null) {
                throw CliException.badInput("--data needs --model");
            }
            network.defaultLayers("5,8,4,3");
            int[] sizes = network.layerSizes();
            int inputs = sizes != null ? sizes[0] : 5;
            int outputs = sizes != null ? sizes[sizes.length - 1] : 3;
            net = network.build(inputs, outputs, false, null, seed);
            loss = network.loss(false, net, null);
            n = cases;
            x = random(n * inputs, seed, true);
            y = targets(n, outputs, seed + 1, loss.name().equals("softmax_cross_entropy"));
            what = "a random network (seed " + seed + ") on " + n + " random cases";
        }
        if (model != null) {
            boolean fromData = data != null;
            ModelOptions.checkOutputs(model, net, x, new Inference(net).outputs(x, n), n,
                    c -> fromData ? "row " + (c + 1) + " of " + data : "random case " + (c + 1) + " (seed " + seed + ")");
        }
        GradientCheck check = new GradientCheck();
        if (!allParameters) {
            check.sample(sample, seed);
        }
        if (ProgressOptions.drawsBar(progress)) {
            check.listener(new CheckProgress(spec.commandLine().getErr()));
        }
        boolean ok = print(out, check.run(net, loss, x, y, n), what, net, loss);
        out.flush();
        return ok ? 0 : CliException.FAILURE;
    }

    /** Prints the report: per layer, the sample if there is one, and the verdict, which it returns. */
    private boolean print(PrintWriter out, GradientCheckReport r, String what, Network net, Loss loss) {
        out.println("gradcheck: " + what);
        out.println("network " + Arrays.toString(net.sizes()) + ", loss " + loss.name());
        out.println("layer (seed)   parameters   backprop vs finite differences   float32 vs double");
        for (GradientCheckReport.Layer l : r.layers()) {
            out.printf(Locale.ROOT, "%5d (%d)    %10d   %30.3e   %17.3e%n", l.layerIndex(), l.seedLayer(), l.parameters(),
                    l.finiteDifferenceError(), l.float32Error());
        }
        if (r.checked() < r.parameters()) {
            out.printf(Locale.ROOT, "checked %,d of %,d parameters by finite differences: every bias and weights "
                    + "sampled with seed %d; --all-parameters to check every one%n", r.checked(), r.parameters(), seed);
        }
        double tol = tolerance != null ? tolerance : r.finiteDifferenceTolerance();
        boolean ok = r.passes(tol, float32Tolerance);
        out.printf(Locale.ROOT, "worst: %.3e (tolerance %.1e%s), float32 %.3e (tolerance %.1e): %s%n",
                r.worstFiniteDifferenceError(), tol, tolerance != null ? "" : String.format(Locale.ROOT,
                        ", the round-off of E = %.4g allows", r.error()), r.worstFloat32Error(), float32Tolerance,
                ok ? "PASS" : "FAIL");
        return ok;
    }

    private static float[] random(int count, long seed, boolean signed) {
        Rng rng = new Rng(seed * 31 + 7);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (signed ? rng.nextDouble() * 2 - 1 : rng.nextDouble());
        }
        return v;
    }

    private static float[] targets(int cases, int outputs, long seed, boolean oneHot) {
        Rng rng = new Rng(seed * 17 + 3);
        float[] y = new float[cases * outputs];
        for (int c = 0; c < cases; c++) {
            if (oneHot) {
                y[c * outputs + (int) (rng.nextDouble() * outputs)] = 1f;
            } else {
                for (int d = 0; d < outputs; d++) {
                    y[c * outputs + d] = (float) rng.nextDouble();
                }
            }
        }
        return y;
    }
}
