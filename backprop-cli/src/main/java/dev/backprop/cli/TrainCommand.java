package dev.backprop.cli;

import dev.backprop.data.Dataset;
import dev.backprop.data.Scaler;
import dev.backprop.nn.Initializer;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.math.Kernels;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.io.CheckpointFile;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.Diagnostics;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop train}: reads data, trains a network, writes the model file (and a plot). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on a CSV file or IDX images + labels; write the model file.",
            "Examples:",
            "  backprop train --data iris.csv --label-column species --hidden 8 --epochs 200 --out iris.safetensors",
            "  backprop train --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz "
                    + "--layers 784,30,10 --loss squared_error --eta 3 --batch-size 10 --epochs 30 --plot curves.png"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--data", "-d"}, required = true, paramLabel = "FILE",
            description = "Training data: a CSV file, or IDX images (with --labels). gzip is read as-is.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX images in --data.")
    Path labels;

    @Mixin
    CsvOptions csv;

    @Option(names = "--task", paramLabel = "classification|regression",
            description = "What the label columns hold. Default: classification, or regression with several label "
                    + "columns.")
    String task;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data in the same format (IDX: with "
            + "--test-labels); measured once after training.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels for IDX images in --test.")
    Path testLabels;

    @Option(names = "--test-split", paramLabel = "FRACTION", description = "Hold out this share of --data as test "
            + "cases (seeded), when there is no --test file. Default: 0 (none).")
    double testSplit;

    @Option(names = "--validation-split", paramLabel = "FRACTION", description = "Hold out this share of the "
            + "training cases for validation after every epoch (seeded). Default: 0 (none).")
    double validationSplit;

    @Option(names = "--scale", paramLabel = "none|minmax|standard", description = "Input scaling, fitted on the "
            + "training cases only and saved in the model. Default: ${DEFAULT-VALUE}.")
    String scale = "minmax";

    @Mixin
    NetworkOptions network;

    @Option(names = "--init", paramLabel = "MODEL", description = "Start from this model file's weights (its "
            + "architecture unless --layers/--hidden is given, which must then agree).")
    Path init;

    @Mixin
    OptimizerOptions optimizer;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data. Default: "
            + "${DEFAULT-VALUE}.")
    int epochs = 30;

    @Option(names = "--batch-size", paramLabel = "N", description = "Cases per gradient step (1 = online). "
            + "Default: ${DEFAULT-VALUE}.")
    int batchSize = 32;

    @Option(names = "--full-batch", description = "One step per epoch over all training cases.")
    boolean fullBatch;

    @Option(names = "--sum", description = "Step on the gradient summed over the batch, as the seed's E = Σ_c E_c "
            + "(default: the batch mean, Nielsen's η/m).")
    boolean sum;

    @Option(names = "--no-shuffle", description = "Visit the training cases in file order every epoch.")
    boolean noShuffle;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Stop after this many epochs "
            + "without a better validation loss and keep the best weights (needs --validation-split).")
    int patience;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the initial weights, splits and shuffling. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the matrix kernels. Default: all "
            + "cores. Results are the same bits for any count.")
    Integer threads;

    @Option(names = {"--out", "-o"}, paramLabel = "MODEL", description = "Model file to write (safetensors). "
            + "Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("model.safetensors");

    @Option(names = "--plot", paramLabel = "PNG", description = "Write the training curves (loss and accuracy per "
            + "epoch, training and validation) as a PNG.")
    Path plot;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Write a checkpoint (weights, optimizer "
            + "state, RNG state, position in the epoch) every STEPS gradient steps and at every epoch end, atomically.")
    Integer checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The checkpoint file. Default: the model file's "
            + "name with .ckpt (or the --resume file when resuming).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run that wrote this checkpoint: "
            + "give the same command and data; the final weights are the same bits as an uninterrupted run.")
    Path resume;

    @Option(names = "--no-diagnostics", description = "Do not warn about saturated layers, a vanishing error signal "
            + "or unscaled inputs (checked at epoch ends).")
    boolean noDiagnostics;

    @Option(names = "--write-test", paramLabel = "CSV", description = "Also write the held-out test cases of "
            + "--test-split, unscaled, as CSV without a header (label last), e.g. for 'backprop evaluate'.")
    Path writeTest;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkSettings();
        Files2.checkWritable(out, "--out");
        if (plot != null) {
            Files2.checkWritable(plot, "--plot");
            if (epochs == 0) {
                throw CliException.badInput("--plot needs at least one epoch (--epochs 0 only writes the initial model)");
            }
        }
        if (writeTest != null) {
            Files2.checkWritable(writeTest, "--write-test");
        }
        boolean regression = regression();
        Reporter report = progress.reporter(outw, err);

        LoadedData all = DataLoader.training(data, labels, csv, regression);
        report.info(all.summary());
        Dataset full = all.dataset();
        Dataset train = full;
        Dataset testSet = null;
        if (test != null) {
            LoadedData t = DataLoader.testFor(test, testLabels, csv, all);
            report.info(t.summary());
            testSet = t.dataset();
        } else if (testLabels != null) {
            throw CliException.badInput("--test-labels needs --test");
        } else if (testSplit > 0) {
            Dataset[] parts = full.splitInPlace(testSplit, seed ^ 0x7e57L);
            train = parts[0];
            testSet = parts[1];
        }
        Dataset validation = null;
        if (validationSplit > 0) {
            Dataset[] parts = train.splitInPlace(validationSplit, seed);
            train = parts[0];
            validation = parts[1];
        }
        report.info(String.format(Locale.ROOT, "split: %d training, %d validation, %d test cases", train.size(),
                validation == null ? 0 : validation.size(), testSet == null ? 0 : testSet.size()));
        if (writeTest != null) {
            if (testSet == null || test != null) {
                throw CliException.badInput("--write-test writes the cases held out by --test-split; give --test-split");
            }
            TestWriter.write(writeTest, testSet, all);
            report.info("test cases written to " + writeTest);
        }

        Scaler scaler = Scaler.fit(scale, train);
        train = scaled(scaler, train);
        validation = scaled(scaler, validation);
        testSet = scaled(scaler, testSet);

        Checkpoint resumed = resume == null ? null : CheckpointFile.load(resume);
        Model initModel = init == null || resumed != null ? null : ModelFile.load(init);
        Network net = network.build(all.inputs(), all.outputs(), regression, initModel, seed);
        if (resumed != null) {
            if (!Arrays.equals(resumed.network().sizes(), net.sizes())) {
                throw CliException.badInput("--resume " + resume + ": the checkpoint's network is "
                        + Arrays.toString(resumed.network().sizes()) + " but this command asks for "
                        + Arrays.toString(net.sizes()) + "; give the same command as the run that wrote it");
            }
            net = resumed.network();
        }
        Loss loss = network.loss(regression, net);
        Optimizer opt = optimizer.build();
        Kernels kernels = threads == null ? Kernels.defaults() : Kernels.create(threads);
        TrainingConfig.Builder cb = TrainingConfig.builder(loss, opt).epochs(Math.max(1, epochs)).averageGradient(!sum)
                .shuffle(!noShuffle).seed(seed).kernels(kernels).schedule(optimizer.schedule(epochs));
        if (fullBatch) {
            cb.fullBatch();
        } else {
            cb.batchSize(batchSize);
        }
        if (patience > 0) {
            cb.earlyStopping(patience, 0);
        }
        Path ckpt = checkpoint != null ? checkpoint : resume != null ? resume : RunRecord.sibling(out, ".ckpt");
        if (checkpointEvery != null) {
            cb.checkpointEvery(checkpointEvery, ckpt);
        }
        cb.fingerprint("data", data.getFileName().toString());
        cb.fingerprint("scale", scale);
        cb.fingerprint("test_split", Double.toString(testSplit));
        if (!noDiagnostics) {
            cb.listener(new Diagnostics(net, train, loss, report::warn));
        }
        Progress listener = report.training(epochs, all.isClassification());
        cb.listener(listener);
        RunRecord record = new RunRecord(net, spec.commandLine().getParseResult().originalArgs());
        TrainingConfig config = cb.build();
        report.info(String.format(Locale.ROOT, "network %s, loss %s, %s%s, batch %s, %d epochs, seed %d; kernels %s",
                Arrays.toString(net.sizes()), loss.name(), opt.describe(), sum ? " on the batch sum" : " on the batch mean",
                fullBatch ? "all" : Integer.toString(Math.min(batchSize, train.size())), epochs, seed, kernels));
        report.event("start", startFields(net, loss, opt, train, validation, testSet, kernels));

        if (resumed != null) {
            report.info(String.format(Locale.ROOT, "resuming %s: epoch %d, batch %d, after %d steps", resume,
                    resumed.progress().epoch() + 1, resumed.progress().batch(), resumed.optimizer().steps()));
        }
        History history = epochs == 0 ? null : resumed != null
                ? new Trainer(config).resume(resumed, net, train, validation)
                : new Trainer(config).fit(net, train, validation);
        if (checkpointEvery != null) {
            report.info("checkpoint: " + ckpt);
        }
        if (history != null && history.stoppedEarly()) {
            report.info("early stopping: kept the weights of epoch " + (history.bestEpoch() + 1));
        }

        Map<String, Object> endFields = new LinkedHashMap<>();
        if (testSet != null) {
            Evaluation ev = Evaluation.of(net, loss, testSet);
            endFields.put("test_loss", ev.loss());
            if (ev.isClassification()) {
                endFields.put("test_accuracy", ev.accuracy());
                report.result(String.format(Locale.ROOT, "test: loss %.6f, accuracy %.2f%% (%d cases)", ev.loss(),
                        100 * ev.accuracy(), testSet.size()));
            } else {
                endFields.put("test_mse", ev.regression().mse());
                endFields.put("test_r2", ev.regression().r2());
                report.result(String.format(Locale.ROOT, "test: loss %.6f, MSE %.6g, R² %.4f (%d cases)", ev.loss(),
                        ev.regression().mse(), ev.regression().r2(), testSet.size()));
            }
        }

        Map<String, String> settings = settings(all, opt, kernels, train, validation, testSet, history);
        Model model = new Model(net, loss, all.isClassification() ? all.classNames() : List.of(),
                scaler, settings, seed);
        ModelFile.save(out, model);
        report.result("model written to " + out);
        endFields.put("model", out.toString());

        Path recordFile = RunRecord.pathFor(out);
        record.put("seed", seed);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", Runtime.version().toString());
        env.put("vendor", System.getProperty("java.vendor"));
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("kernels", kernels.toString());
        env.put("threads", threads != null ? threads : Runtime.getRuntime().availableProcessors());
        record.put("environment", env);
        Map<String, Object> all2 = new LinkedHashMap<>(settings);
        all2.put("layers", net.sizes());
        all2.put("activations", activationNames(net));
        all2.put("loss", loss.name());
        all2.put("scaler", scaler.kind());
        all2.put("seed", seed);
        record.put("settings", all2);
        record.addFile("train", data);
        record.addFile("train_labels", labels);
        record.addFile("test", test);
        record.addFile("test_labels", testLabels);
        record.addFile("init", init);
        record.addFile("resumed_from", resume);
        record.epochs(history);
        Map<String, Object> result = new LinkedHashMap<>(endFields);
        result.remove("model");
        result.remove("plot");
        result.put("epochs_run", history == null ? 0 : history.epochs().size());
        result.put("stopped_early", history != null && history.stoppedEarly());
        record.put("result", result);
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("file", out.toString());
        modelInfo.put("sha256", RunRecord.sha256(out));
        record.put("model", modelInfo);
        record.write(recordFile);
        report.result("run record written to " + recordFile);
        endFields.put("run_record", recordFile.toString());
        if (plot != null && history != null) {
            Plots.trainingCurves(history, all.isClassification(), plot);
            report.result("training curves written to " + plot);
            endFields.put("plot", plot.toString());
        }
        report.event("end", endFields);
        report.close();
        return 0;
    }

    private void checkSettings() {
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw CliException.badInput("--checkpoint-every " + checkpointEvery + ": expected 1 or more steps");
        }
        if (checkpoint != null && checkpointEvery == null) {
            throw CliException.badInput("--checkpoint names the file for --checkpoint-every STEPS; give that too");
        }
        if (resume != null && epochs == 0) {
            throw CliException.badInput("--resume with --epochs 0 would train nothing");
        }
        if (epochs < 0) {
            throw CliException.badInput("--epochs " + epochs + ": expected 0 or more");
        }
        if (!fullBatch && batchSize < 1) {
            throw CliException.badInput("--batch-size " + batchSize + ": expected 1 or more");
        }
        fraction(testSplit, "--test-split");
        fraction(validationSplit, "--validation-split");
        if (test != null && testSplit > 0) {
            throw CliException.badInput("give either --test FILE or --test-split, not both");
        }
        if (patience < 0) {
            throw CliException.badInput("--early-stopping " + patience + ": expected a patience of 1 or more epochs");
        }
        if (patience > 0 && validationSplit == 0) {
            throw CliException.badInput("--early-stopping watches the validation loss: give --validation-split too");
        }
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw CliException.badInput("--threads " + threads + ": expected 1..1024");
        }
        if (!List.of("none", "minmax", "standard").contains(scale)) {
            throw CliException.badInput("--scale '" + scale + "': expected none, minmax or standard");
        }
    }

    private static void fraction(double f, String name) {
        if (!(f >= 0 && f < 1)) {
            throw CliException.badInput(name + " " + f + ": expected a fraction in [0, 1)");
        }
    }

    private boolean regression() {
        if (task == null) {
            return csv.severalLabels();
        }
        switch (task.toLowerCase(Locale.ROOT)) {
            case "classification": 
                if (csv.severalLabels()) {
                    throw CliException.badInput("--task classification takes one --label-column, got " + csv.labels);
                }
                return false;
            case "regression": return true;
            default: throw CliException.badInput("--task '" + task + "': expected classification or regression");
        }
    }

    private static Dataset scaled(Scaler scaler, Dataset d) {
        if (d == null || scaler.kind().equals(Scaler.NONE)) {
            return d;
        }
        scaler.apply(d.x(), d.size(), d.inputs());
        return d;
    }

    private Map<String, Object> startFields(Network net, Loss loss, Optimizer opt, Dataset train, Dataset validation,
            Dataset testSet, Kernels kernels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("layers", net.sizes());
        m.put("loss", loss.name());
        m.put("optimizer", opt.describe());
        m.put("epochs", epochs);
        m.put("batch_size", fullBatch ? train.size() : Math.min(batchSize, train.size()));
        m.put("seed", seed);
        m.put("threads", kernels.toString());
        m.put("train_cases", train.size());
        m.put("validation_cases", validation == null ? 0 : validation.size());
        m.put("test_cases", testSet == null ? 0 : testSet.size());
        return m;
    }

    private Map<String, String> settings(LoadedData all, Optimizer opt, Kernels kernels, Dataset train,
            Dataset validation, Dataset testSet, History history) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("library", "backprop " + Version.library());
        s.put("data", data.getFileName().toString());
        s.put("optimizer", opt.describe());
        optimizer.describeInto(s);
        s.put("epochs", Integer.toString(epochs));
        s.put("epochs_run", Integer.toString(history == null ? 0 : history.epochs().size()));
        s.put("batch_size", fullBatch ? "full" : Integer.toString(batchSize));
        s.put("gradient", sum ? "sum" : "mean");
        s.put("shuffle", Boolean.toString(!noShuffle));
        s.put("initializer", init != null ? "from " + init.getFileName() : network.initializerName());
        s.put("train_cases", Integer.toString(train.size()));
        s.put("validation_cases", Integer.toString(validation == null ? 0 : validation.size()));
        s.put("test_cases", Integer.toString(testSet == null ? 0 : testSet.size()));
        if (patience > 0) {
            s.put("early_stopping", Integer.toString(patience));
        }
        String f = ModelInfo.join(all.featureNames());
        if (f != null && all.kind().equals("CSV")) {
            s.put(ModelInfo.FEATURES, f);
        }
        if (!all.isClassification()) {
            String t = ModelInfo.join(all.targetNames());
            if (t != null) {
                s.put(ModelInfo.TARGETS, t);
            }
        }
        return s;
    }

    private static List<String> activationNames(Network net) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < net.layers(); i++) {
            a.add(net.activation(i).name());
        }
        return a;
    }

    static List<Integer> ints(String text, String option) {
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
