package dev.backprop.cli.commands;

import dev.backprop.cli.bench.BenchConfig;
import dev.backprop.cli.bench.TrainingBenchmark;
import dev.backprop.cli.output.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backprop bench}: the end-to-end training benchmark on the networks N1, N2 and N3. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a benchmark network and print training samples per second (median over the epochs "
                + "after the first), test accuracy, peak heap and peak resident memory.",
            "N1: [784, 30, 10] sigmoid, ½ΣΣ(a−y)², SGD η = 3 on the batch mean, batch 10, 30 epochs.",
            "N2: [784, 1024, 1024, 10] sigmoid, softmax + cross-entropy, momentum 0.9, η = 0.1, batch 128, 5 epochs.",
            "N3: [784, 100, 10] sigmoid, ½ΣΣ(a−y)², online SGD η = 0.1, 3 epochs.",
            "Data: Fashion-MNIST from --data (default /usr/share/datasets/fashion-mnist, from "
                    + "'apt-get install dataset-fashion-mnist'), else synthetic data of the same shapes."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "N1|N2|N3", description = "The configuration.")
    String config;

    @Option(names = "--data", paramLabel = "DIR|synthetic", description = "Folder with the four Fashion-MNIST "
            + ".gz files, or 'synthetic'.")
    String data;

    @Option(names = "--epochs", paramLabel = "N", description = "Default: the configuration's.")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N", description = "Default: all cores.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        BenchConfig cfg;
        try {
            cfg = BenchConfig.of(config);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
        Path dir;
        if (data == null) {
            dir = Files.isDirectory(TrainingBenchmark.DEBIAN_FASHION) ? TrainingBenchmark.DEBIAN_FASHION : null;
        } else if (data.equals("synthetic")) {
            dir = null;
        } else {
            dir = Path.of(data);
            if (!Files.isDirectory(dir)) {
                throw CliException.badInput("--data " + data + ": not a folder; expected the Fashion-MNIST folder or "
                        + "'synthetic'");
            }
        }
        if (epochs != null && epochs < 1) {
            throw CliException.badInput("--epochs " + epochs + ": expected 1 or more");
        }
        if (threads != null && threads < 1) {
            throw CliException.badInput("--threads " + threads + ": expected 1 or more");
        }
        TrainingBenchmark.run(cfg, dir, epochs != null ? epochs : cfg.epochs(),
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), seed,
                spec.commandLine().getOut());
        return 0;
    }
}
