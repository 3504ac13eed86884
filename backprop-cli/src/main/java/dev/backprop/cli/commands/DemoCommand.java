package dev.backprop.cli.commands;

import dev.backprop.cli.output.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code backprop demo}: trains a 64-30-10 network on the bundled digits (1797 8×8 images), shows
 * progress, test accuracy and the confusion matrix, and writes a model file and a PNG of the
 * training curves. It runs {@code train} and then {@code evaluate} with fixed settings, printing
 * each command line so that it can be rerun by hand.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a 64-30-10 network on the bundled handwritten digits (1797 8×8 images, 10 classes; "
                + "no download) with a seeded 60/15/25 training/validation/test split; print progress, test "
                + "accuracy and the confusion matrix; write demo-model.safetensors and demo-curves.png."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where to write the model, the plot and the "
            + "demo's data files. Default: the current folder.")
    Path dir = Path.of(".");

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data; 0 evaluates the "
            + "initial weights and draws no curves. Default: ${DEFAULT-VALUE}.")
    int epochs = 30;

    @Option(names = "--seed", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = {"--quiet", "-q"}, description = "Print only the results.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw CliException.badInput("--out-dir " + dir + ": not an existing folder");
        }
        if (epochs < 0) {
            throw CliException.badInput("--epochs " + epochs + ": expected 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path data = dir.resolve("demo-digits.csv.gz");
        Path testData = dir.resolve("demo-digits-test.csv");
        Path model = dir.resolve("demo-model.safetensors");
        boolean extracted = !Files.exists(data, LinkOption.NOFOLLOW_LINKS);
        extract(data);
        out.println("Backprop demo: handwritten digits, 8×8 pixels (0..16), 10 classes, " + data);
        int code = 1;
        try {
            code = step(out, train(data, testData, model));
        } finally {
            if (code != 0 && extracted) {
                // train writes all its outputs or none: with the data file gone, a failed demo leaves nothing
                Files.deleteIfExists(data);
            }
        }
        if (code != 0) {
            return code;
        }
        List<String> evaluate = List.of("evaluate", "--model", model.toString(), "--data", testData.toString(),
                "--header", "no", "--plot", dir.resolve("demo-confusion.png").toString());
        code = step(out, evaluate);
        if (code == 0) {
            out.println();
            out.println("Next: backprop explain   (one case through the seed's equations)");
            out.println("      backprop predict --model " + model + " --data " + testData + " --header no");
        }
        out.flush();
        return code;
    }

    /** The train command line; with --epochs 0 there are no curves to draw. */
    private List<String> train(Path data, Path testData, Path model) {
        List<String> train = new ArrayList<>(List.of("train", "--data", data.toString(), "--header", "no",
                "--hidden", "30", "--activation", "sigmoid", "--loss", "softmax_cross_entropy", "--optimizer", "sgd",
                "--eta", "0.5", "--batch-size", "10", "--epochs", Integer.toString(epochs), "--scale", "minmax",
                "--test-split", "0.25", "--validation-split", "0.2", "--seed", Long.toString(seed),
                "--out", model.toString(), "--write-test", testData.toString()));
        if (epochs > 0) {
            train.addAll(List.of("--plot", dir.resolve("demo-curves.png").toString()));
        }
        if (quiet) {
            train.add("--quiet");
        }
        return train;
    }

    private int step(PrintWriter out, List<String> args) {
        out.println();
        out.println("$ backprop " + String.join(" ", args));
        out.flush();
        CommandLine root = spec.root().commandLine();
        CommandLine cl = ((RootCommand) spec.root().userObject()).newCommandLine();
        cl.setOut(root.getOut());
        cl.setErr(root.getErr());
        return cl.execute(args.toArray(new String[0]));
    }

    private static void extract(Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/dev/backprop/cli/digits.csv.gz")) {
            if (in == null) {
                throw new IOException("the bundled digits.csv.gz is missing from the application");
            }
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".demo-digits", ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
