package dev.backprop.cli.commands;

import dev.backprop.cli.output.CliException;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.Checkpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code train --resume}: the flags of every setting a checkpoint holds (its settings fingerprint
 * and its network's shape and activations) are compared with the command line. A flag given with
 * another value is refused in one line naming the flag, the checkpoint's value and the given one;
 * a flag left out takes the checkpoint's value, set on the parsed command as if it had been given,
 * so that the rest of {@code train} reads one set of options. The core's own fingerprint check
 * ({@code Checkpoint.checkResumable}) still runs after this, for what no flag sets (the data).
 */
final class ResumeSettings {
    /** Optimizer description keys and the flags that set them. */
    private static final Map<String, String> OPTIMIZER_FLAGS = Map.of("eta", "--eta", "alpha", "--momentum",
            "mu", "--momentum", "beta1", "--beta1", "beta2", "--beta2", "rho", "--rho", "epsilon", "--epsilon",
            "weight_decay", "--weight-decay");

    private final Checkpoint checkpoint;
    private final Path file;
    private final CommandSpec spec;
    private final ParseResult parsed;

    private ResumeSettings(Checkpoint checkpoint, Path file, CommandSpec spec) {
        this.checkpoint = checkpoint;
        this.file = file;
        this.spec = spec;
        this.parsed = spec.commandLine().getParseResult();
    }

    /**
     * Checks the command line's flags against the checkpoint and sets those left out.
     *
     * @param checkpoint the checkpoint resumed
     * @param file its file, for the messages
     * @param spec the {@code train} command, parsed
     * @param epochs the --epochs given or defaulted
     */
    static void adopt(Checkpoint checkpoint, Path file, CommandSpec spec, int epochs) {
        ResumeSettings r = new ResumeSettings(checkpoint, file, spec);
        r.epochs(epochs);
        r.network(checkpoint.network());
        Map<String, String> s = checkpoint.settings();
        r.value("--loss", s.get("loss"), v -> Loss.parse(v).name());
        r.optimizer(s.get("optimizer"));
        r.value("--schedule", s.get("extra.schedule"), v -> v.toLowerCase(Locale.ROOT));
        r.batchSize(s.get("batch_size"));
        r.flag("--sum", s.get("average_gradient"), false);
        r.flag("--no-shuffle", s.get("shuffle"), false);
        r.value("--seed", s.get("seed"), v -> Long.toString(Long.parseLong(v.trim())));
        r.value("--scale", s.get("extra.scale"), UnaryOperator.identity());
        r.value("--test-split", s.get("extra.test_split"), v -> Double.toString(Double.parseDouble(v)));
        r.value("--validation-split", s.get("extra.validation_split"), v -> Double.toString(Double.parseDouble(v)));
        String es = s.get("early_stopping");
        r.value("--early-stopping", es == null ? null : es.equals("off") ? "0"
                : es.replaceAll("^patience=(\\d+),.*$", "$1"), v -> Integer.toString(Integer.parseInt(v.trim())));
    }

    /**
     * Refuses to resume on other kernels than the checkpoint's run had: no flag chooses them, the
     * JVM's options do, so the line says which.
     *
     * @param checkpoint the checkpoint resumed
     * @param file its file
     * @param kernels this run's kernels
     */
    static void checkKernels(Checkpoint checkpoint, Path file, Kernels kernels) {
        String had = checkpoint.settings().get("extra.kernels");
        String has = kernels.kind();
        if (had != null && !had.equals(has)) {
            throw CliException.badInput("--resume " + file + ": the checkpoint's run used the kernels " + had
                    + ", this JVM has " + has + ", which round differently; resume on a JVM started as that run's "
                    + "was (--add-modules jdk.incubator.vector, -Dbackprop.kernels)");
        }
    }

    /** Refuses --epochs fewer than the epochs the checkpoint's run has begun: they cannot be undone. */
    private void epochs(int epochs) {
        int begun = checkpoint.progress().epoch() + 1;
        if (epochs < begun) {
            throw CliException.badInput("--epochs " + epochs + ": the checkpoint " + file + " has begun " + begun
                    + " epochs already; give --epochs " + begun + " or more to continue its run");
        }
    }

    /** The shape (--hidden or --layers) and the activations. */
    private void network(Network net) {
        int[] sizes = net.sizes();
        String layers = Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String hidden = Arrays.stream(sizes, 1, sizes.length - 1).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        UnaryOperator<String> units = v -> v.replace(" ", "");
        if (parsed.hasMatchedOption("--hidden") && hidden.isEmpty()) {
            throw differs(given("--hidden"), "--layers " + layers + " (no hidden layer)");
        }
        if (parsed.hasMatchedOption("--hidden") || !parsed.hasMatchedOption("--layers") && !hidden.isEmpty()) {
            value("--hidden", hidden, units);
        } else {
            value("--layers", layers, units);
        }
        List<String> acts = new java.util.ArrayList<>();
        for (int i = 0; i < net.layers() - 1; i++) {
            acts.add(net.activation(i).name());
        }
        if (!acts.isEmpty() && acts.stream().distinct().count() == 1) {
            value("--activation", acts.get(0), v -> Activation.parse(v).name());
        } else if (!acts.isEmpty() && parsed.hasMatchedOption("--activation")) {
            throw differs("--activation", "hidden activations " + String.join(",", acts));
        }
        value("--output-activation", net.outputActivation().name(), v -> Activation.parse(v).name());
    }

    /**
     * The optimizer, from its description {@code name(key=value, ...)}: --optimizer, then the flag
     * of each hyper-parameter it names; one it leaves out is the flag's default (no weight decay,
     * the rhw momentum form).
     */
    private void optimizer(String description) {
        if (description == null || !description.matches("[a-z]+\\(.*\\)")) {
            return;
        }
        String name = description.substring(0, description.indexOf('('));
        value("--optimizer", name, v -> {
            String n = v.toLowerCase(Locale.ROOT);
            return n.equals("gd") ? "sgd" : n;
        });
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : description.substring(name.length() + 1, description.length() - 1).split(", ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                params.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        params.putIfAbsent("weight_decay", "0.0");
        if (name.equals("momentum")) {
            value("--momentum-form", params.getOrDefault("form", "rhw"), v -> v.toLowerCase(Locale.ROOT));
        }
        params.forEach((k, v) -> {
            if (OPTIMIZER_FLAGS.containsKey(k)) {
                value(OPTIMIZER_FLAGS.get(k), v, f -> Float.toString(Float.parseFloat(f.trim())));
            }
        });
    }

    /** --batch-size N, or --full-batch when the checkpoint's batch is "full". */
    private void batchSize(String batch) {
        if (batch == null) {
            return;
        }
        boolean full = batch.equals("full");
        if (parsed.hasMatchedOption("--full-batch") && !full) {
            throw differs("--full-batch", "--batch-size " + batch);
        }
        if (full) {
            if (parsed.hasMatchedOption("--batch-size")) {
                throw differs(given("--batch-size"), "--full-batch");
            }
            set("--full-batch", "true");
        } else {
            value("--batch-size", batch, v -> Integer.toString(Integer.parseInt(v.trim())));
        }
    }

    /**
     * A flag that takes no value: given, it must be what the checkpoint's run had; left out, it is
     * set when that run had it.
     *
     * @param flag the flag
     * @param value the fingerprint's value of the setting, or null when the checkpoint has none
     * @param whenGiven the fingerprint's value that the flag means
     */
    private void flag(String flag, String value, boolean whenGiven) {
        if (value == null) {
            return;
        }
        boolean had = Boolean.parseBoolean(value) == whenGiven;
        if (parsed.hasMatchedOption(flag) && !had) {
            throw differs(flag, "no " + flag);
        }
        if (had) {
            set(flag, "true");
        }
    }

    /**
     * A flag with a value: given, it must equal the checkpoint's once both are put in one form;
     * left out, it takes the checkpoint's.
     *
     * @param flag the flag
     * @param value the checkpoint's value, as it would be given on the command line, or null when
     *     the checkpoint does not hold the setting (then the flag is left as it is)
     * @param canonical puts a value in one form for comparing; it may throw on a value it cannot read
     */
    private void value(String flag, String value, UnaryOperator<String> canonical) {
        if (value == null) {
            return;
        }
        if (!parsed.hasMatchedOption(flag)) {
            set(flag, value);
            return;
        }
        String given = parsed.matchedOption(flag).stringValues().get(0);
        String a;
        String b;
        try {
            a = canonical.apply(given);
            b = canonical.apply(value);
        } catch (RuntimeException e) {
            a = given;
            b = value;
        }
        if (!a.equals(b)) {
            throw differs(flag + " " + given, flag + " " + value);
        }
    }

    private String given(String flag) {
        return flag + " " + parsed.matchedOption(flag).stringValues().get(0);
    }

    private CliException differs(String given, String had) {
        return CliException.badInput(given + ": the checkpoint " + file + " was written by a run with " + had
                + "; resume with the same settings (a setting left out is taken from the checkpoint)");
    }

    /** Sets an option as if it had been given, from its command-line form. */
    private void set(String flag, String value) {
        try {
            spec.findOption(flag).setValue(typed(spec.findOption(flag).type(), value));
        } catch (RuntimeException e) {
            throw CliException.badInput("--resume " + file + ": the checkpoint's value '" + value + "' for " + flag
                    + " cannot be read; expected one " + flag + " takes");
        }
    }

    private static Object typed(Class<?> t, String value) {
        Object v;
        if (t == boolean.class || t == Boolean.class) {
            v = Boolean.valueOf(value);
        } else if (t == int.class || t == Integer.class) {
            v = Integer.valueOf(value);
        } else if (t == long.class || t == Long.class) {
            v = Long.valueOf(value);
        } else if (t == float.class || t == Float.class) {
            v = Float.valueOf(value);
        } else if (t == double.class || t == Double.class) {
            v = Double.valueOf(value);
        } else {
            v = value;
        }
        return v;
    }
}
