package dev.backprop.cli.commands;

import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.NetworkOptions;
import dev.backprop.cli.options.OptimizerOptions;
import dev.backprop.cli.options.ProgressOptions;
import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.HeldOutCsv;
import dev.backprop.cli.output.OutputFiles;
import dev.backprop.cli.output.PendingFiles;
import dev.backprop.cli.output.Plots;
import dev.backprop.cli.output.Reporter;
import dev.backprop.cli.output.RunRecord;
import dev.backprop.cli.output.Version;
import dev.backprop.data.ClassNames;
import dev.backprop.data.Dataset;
import dev.backprop.data.InputFormatException;
import dev.backprop.data.Scaler;
import dev.backprop.io.CheckpointFile;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.math.Kernels;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.Diagnostics;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
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
public final class TrainCommand implements Callable<Integer> {
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

    @Option(names = "--max-classes", paramLabel = "N", description = "The most distinct labels a CSV label column "
            + "may hold as classes. Default: ${DEFAULT-VALUE}.")
    int maxClasses = ClassNames.Limit.DEFAULT.maxClasses();

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

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run that wrote this checkpoint on "
            + "the same data: a setting left out is the checkpoint's, one given otherwise is refused; --epochs may "
            + "grow. The final weights are the same bits as an uninterrupted run.")
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
        Checkpoint resumed = resume == null ? null : resumed();
        if (resumed != null) {
            ResumeSettings.adopt(resumed, resume, spec, epochs);
        }
        checkSettings();
        checkOutputs();
        boolean regression = regression();
        try (InterruptNotice notice = new InterruptNotice(spec.commandLine().getErr(), resumed, resume);
                RunLock lock = lock(); PendingFiles files = new PendingFiles()) {
            Reporter report = progress.reporter(spec.commandLine().getOut(), spec.commandLine().getErr(), files);
            List<String> written = new ArrayList<>();
            run(regression, resumed, notice, report, files, written);
            report.close();
            notice.committing();
            files.commit();
            written.forEach(report::result);
        }
        return 0;
    }

    /**
     * Reads, trains and writes every output to its temporary file; the caller moves them all into
     * place once all are written, so that a late failure (the plot on a full disk) replaces nothing,
     * and then reports the lines added to {@code written}.
     */
    private void run(boolean regression, Checkpoint resumed, InterruptNotice notice, Reporter report,
            PendingFiles files, List<String> written) throws IOException {
        LoadedData all = DataLoader.training(data, labels, csv, regression, classLimit());
        report.info(all.summary());
        if (all.isClassification()) {
            ClassNames.of(all.classNames()).doubts().forEach(w -> report.warn(data + ": " + w));
        }
        Parts parts = split(all, report, files, written);
        Model initModel = init == null || resumed != null ? null : ModelFile.load(init);
        if (initModel != null && !spec.commandLine().getParseResult().hasMatchedOption("--scale")) {
            scale = initModel.scaling().kind();          // its weights were trained on inputs scaled so
        }
        Scaler scaler = Scaler.fit(scale, parts.train());
        parts = new Parts(scaled(scaler, parts.train()), scaled(scaler, parts.validation()),
                scaled(scaler, parts.test()), parts.testData());

        Network net = network(all, regression, initModel, resumed);
        Loss loss = network.loss(regression, net, initModel);
        Optimizer opt = optimizer.build();
        Kernels kernels = threads == null ? Kernels.defaults() : Kernels.create(threads);
        if (resumed != null) {
            ResumeSettings.checkKernels(resumed, resume, kernels);
        }
        Path ckpt = checkpointFile();
        TrainingConfig config = config(net, loss, opt, kernels, parts.train(), ckpt, resumed, notice, report,
                all.isClassification());
        RunRecord record = new RunRecord(net, spec.commandLine().getParseResult().originalArgs(), seed);
        report.info(String.format(Locale.ROOT, "network %s, loss %s, %s%s, batch %s, %d epochs, seed %d; kernels %s",
                Arrays.toString(net.sizes()), loss.name(), opt.describe(), sum ? " on the batch sum" : " on the batch mean",
                fullBatch ? "all" : Integer.toString(Math.min(batchSize, parts.train().size())), epochs, seed, kernels));
        report.event("start", startFields(net, loss, opt, parts, kernels));

        History history = train(config, resumed, net, parts, ckpt, report);
        Map<String, Object> endFields = test(net, loss, parts.test(), report);
        Map<String, String> settings = settings(all, opt, parts, history);
        Model model = new Model(net, loss, all.isClassification() ? all.classNames() : List.of(),
                scaler, settings, seed);
        written.add("model written to " + out);
        endFields.put("model", out.toString());
        addReads(record, "train", all);
        addReads(record, "test", parts.testData());
        writeRecord(record, settings, loss, scaler, kernels, history, endFields, model(files, model), files,
                written);
        if (plot != null && history != null) {
            Plots.trainingCurves(history, all.isClassification(), plot, files);
            written.add("training curves written to " + plot);
            endFields.put("plot", plot.toString());
        }
        report.event("end", endFields);
    }

    /**
     * The training, validation and test cases of a run; validation and test are null when there are
     * none; testData is the --test file as read, or null.
     */
    private record Parts(Dataset train, Dataset validation, Dataset test, LoadedData testData) {
    }

    /**
     * Locks the model file and the run record beside it for the run, so that two runs on one
     * --out cannot interleave them; a device or pipe as --out (written in place) has no lock.
     */
    private RunLock lock() throws IOException {
        return OutputFiles.writtenInPlace(out) ? null : RunLock.take(OutputFiles.sibling(out, ".lock"), "--out " + out);
    }

    /** Checks before any work that every output file can be written. */
    private void checkOutputs() {
        OutputFiles.checkWritable(out, "--out");
        if (plot != null) {
            OutputFiles.checkWritable(plot, "--plot");
            if (epochs == 0) {
                throw CliException.badInput("--plot needs at least one epoch (--epochs 0 only writes the initial model)");
            }
        }
        if (writeTest != null) {
            OutputFiles.checkWritable(writeTest, "--write-test");
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--data", data);
        inputs.put("--labels", labels);
        inputs.put("--test", test);
        inputs.put("--test-labels", testLabels);
        inputs.put("--init", init);
        inputs.put("--resume", resume);
        for (String flag : List.of("--init", "--resume")) {
            Path file = inputs.get(flag);
            if (file != null && Files.exists(file) && !Files.isRegularFile(file)) {
                // the run record hashes the file after it is loaded, so it is read twice
                throw CliException.badInput(flag + " " + file + ": expected a regular file; a pipe or device can be "
                        + "read only once");
            }
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("the run record", RunRecord.pathFor(out));
        outputs.put("the lock file", OutputFiles.sibling(out, ".lock"));
        outputs.put("--plot", plot);
        outputs.put("--write-test", writeTest);
        outputs.put("--log-json", progress.logFile());
        Path ckpt = checkpointFile();
        if (checkpointEvery != null && (resume == null || !OutputFiles.sameFile(ckpt, resume))) {
            // the checkpoint of a resumed run replaces the one it resumed from, by design
            outputs.put(checkpoint != null ? "--checkpoint" : "the checkpoint", ckpt);
        }
        OutputFiles.checkDistinct(inputs, outputs);
        if (plot != null) {
            // after the same-file check: --plot data.csv is first of all an input about to be lost
            Plots.checkName(plot, "--plot");
        }
    }

    /** The checkpoint file: --checkpoint, else the --resume file, else the model file's name with .ckpt. */
    private Path checkpointFile() {
        return checkpoint != null ? checkpoint : resume != null ? resume : OutputFiles.sibling(out, ".ckpt");
    }

    /**
     * Reads the --test file or holds out --test-split, then holds out --validation-split of the rest, and
     * writes the held-out test cases for --write-test.
     */
    private Parts split(LoadedData all, Reporter report, PendingFiles files, List<String> written)
            throws IOException {
        Dataset full = all.dataset();
        Dataset train = full;
        Dataset testSet = null;
        LoadedData testData = null;
        if (test != null) {
            testData = DataLoader.testFor(test, testLabels, csv, all);
            report.info(testData.summary());
            testSet = testData.dataset();
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
            HeldOutCsv.write(files, writeTest, testSet, all.isClassification() ? all.classNames() : null);
            written.add("test cases written to " + writeTest);
        }
        return new Parts(train, validation, testSet, testData);
    }

    /**
     * The checkpoint of --resume; a model file given there is told apart from a damaged checkpoint,
     * since its weights can start a run with --init.
     */
    private Checkpoint resumed() throws IOException {
        try {
            return CheckpointFile.load(resume);
        } catch (InputFormatException e) {
            try {
                ModelFile.load(resume);
            } catch (IOException | RuntimeException notAModel) {
                throw e;
            }
            throw CliException.badInput(resume + " is a model file, not a checkpoint; use --init " + resume
                    + " to start from its weights");
        }
    }

    /** The network: built from the options (and --init's weights), or the checkpoint's when resuming. */
    private Network network(LoadedData all, boolean regression, Model initModel, Checkpoint resumed) {
        Network net = network.build(all.inputs(), all.outputs(), regression, initModel, seed);
        if (resumed == null) {
            return net;
        }
        if (!Arrays.equals(resumed.network().sizes(), net.sizes())) {
            throw CliException.badInput("--resume " + resume + ": the checkpoint's network is "
                    + Arrays.toString(resumed.network().sizes()) + " but this command asks for "
                    + Arrays.toString(net.sizes()) + "; give the same command as the run that wrote it");
        }
        return resumed.network();
    }

    private TrainingConfig config(Network net, Loss loss, Optimizer opt, Kernels kernels, Dataset train, Path ckpt,
            Checkpoint resumed, InterruptNotice notice, Reporter report, boolean classification) {
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
        if (checkpointEvery != null) {
            cb.checkpointEvery(checkpointEvery, notice.watching(ckpt, CheckpointFile.store(ckpt)));
        }
        cb.fingerprint("data", data.getFileName().toString());
        cb.fingerprint("scale", scale);
        cb.fingerprint("test_split", Double.toString(testSplit));
        // a checkpoint written before these were fingerprinted still resumes: its rates and case counts are checked
        if (resumed == null || resumed.settings().containsKey("extra.schedule")) {
            cb.fingerprint("schedule", optimizer.scheduleName().toLowerCase(Locale.ROOT));
        }
        if (resumed == null || resumed.settings().containsKey("extra.kernels")) {
            cb.fingerprint("kernels", kernels.kind());
        }
        if (resumed == null || resumed.settings().containsKey("extra.validation_split")) {
            cb.fingerprint("validation_split", Double.toString(validationSplit));
        }
        if (!noDiagnostics) {
            cb.listener(new Diagnostics(net, train, loss, report::warn));
        }
        cb.listener(report.training(epochs, classification));
        return cb.build();
    }

    /** Trains (or resumes) the network; null when --epochs 0 asks for the initial model only. */
    private History train(TrainingConfig config, Checkpoint resumed, Network net, Parts parts, Path ckpt,
            Reporter report) {
        if (resumed != null) {
            report.info(String.format(Locale.ROOT, "resuming %s: epoch %d, batch %d, after %d steps", resume,
                    resumed.progress().epoch() + 1, resumed.progress().batch(), resumed.optimizer().steps()));
        }
        History history = epochs == 0 ? null : resumed != null
                ? new Trainer(config).resume(resumed, net, parts.train(), parts.validation())
                : new Trainer(config).fit(net, parts.train(), parts.validation());
        if (checkpointEvery != null) {
            report.info("checkpoint: " + ckpt);
        }
        if (history != null && history.stoppedEarly()) {
            report.info("early stopping: kept the weights of epoch " + (history.bestEpoch() + 1));
        }
        return history;
    }

    /** Measures the trained network on the test cases, if any; returns the end event's fields so far. */
    private static Map<String, Object> test(Network net, Loss loss, Dataset testSet, Reporter report) {
        Map<String, Object> endFields = new LinkedHashMap<>();
        if (testSet == null) {
            return endFields;
        }
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
        return endFields;
    }

    /** Records a data file and its IDX labels as they were read, once (they may be pipes). */
    private static void addReads(RunRecord record, String role, LoadedData d) {
        if (d == null) {
            return;
        }
        for (int i = 0; i < d.read().size(); i++) {
            LoadedData.Read r = d.read().get(i);
            record.addFile(i == 0 ? role : role + "_labels", r.file(), r.bytes(), r.sha256());
        }
    }

    /** Writes the model file; returns where its bytes are until the commit. */
    private Path model(PendingFiles files, Model model) throws IOException {
        return files.write(out, os -> ModelFile.save(os, model));
    }

    /** Writes the run record beside the model file, whose bytes are in {@code model} until the commit. */
    private void writeRecord(RunRecord record, Map<String, String> settings, Loss loss, Scaler scaler,
            Kernels kernels, History history, Map<String, Object> endFields, Path model, PendingFiles files,
            List<String> written) throws IOException {
        record.environment(kernels, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        record.settings(settings, loss.name(), scaler.kind(), seed);
        record.addFile("init", init);
        record.addFile("resumed_from", resume);
        record.epochs(history);
        record.result(endFields, history);
        record.model(out, model);
        Path recordFile = RunRecord.pathFor(out);
        record.write(recordFile, files);
        written.add("run record written to " + recordFile);
        endFields.put("run_record", recordFile.toString());
    }

    private void checkSettings() {
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw CliException.badInput("--checkpoint-every " + checkpointEvery + ": expected 1 or more steps");
        }
        if (checkpoint != null && checkpointEvery == null) {
            throw CliException.badInput("--checkpoint names the file for --checkpoint-every STEPS; give that too");
        }
        if (resume != null && init != null) {
            throw CliException.badInput("--init and --resume both give the starting weights: --resume continues the "
                    + "checkpoint's run with its own; give one of them");
        }
        if (resume != null && epochs == 0) {
            throw CliException.badInput("--resume with --epochs 0 would train nothing");
        }
        if (maxClasses < 2) {
            throw CliException.badInput("--max-classes " + maxClasses + ": expected 2 or more");
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

    /**
     * The bound on the classes of a CSV file: labels that look like a continuous target are refused
     * unless {@code --task classification} says they are classes.
     */
    private ClassNames.Limit classLimit() {
        return new ClassNames.Limit(maxClasses, task == null, "for a numeric target give --task regression; to "
                + "take them as classes give --task classification, and --max-classes N past " + maxClasses);
    }

    private boolean regression() {
        if (task == null) {
            return csv.severalLabels();
        }
        switch (task.toLowerCase(Locale.ROOT)) {
            case "classification": 
                if (csv.severalLabels()) {
                    throw CliException.badInput("--task classification takes one --label-column, got " + csv.labels());
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

    private Map<String, Object> startFields(Network net, Loss loss, Optimizer opt, Parts parts, Kernels kernels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("layers", net.sizes());
        m.put("loss", loss.name());
        m.put("optimizer", opt.describe());
        m.put("epochs", epochs);
        m.put("batch_size", fullBatch ? parts.train().size() : Math.min(batchSize, parts.train().size()));
        m.put("seed", seed);
        m.put("threads", kernels.toString());
        m.put("train_cases", parts.train().size());
        m.put("validation_cases", parts.validation() == null ? 0 : parts.validation().size());
        m.put("test_cases", parts.test() == null ? 0 : parts.test().size());
        return m;
    }

    private Map<String, String> settings(LoadedData all, Optimizer opt, Parts parts, History history) {
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
        s.put("train_cases", Integer.toString(parts.train().size()));
        s.put("validation_cases", Integer.toString(parts.validation() == null ? 0 : parts.validation().size()));
        s.put("test_cases", Integer.toString(parts.test() == null ? 0 : parts.test().size()));
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
}
