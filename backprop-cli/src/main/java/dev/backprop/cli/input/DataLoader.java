package dev.backprop.cli.input;

import dev.backprop.cli.output.CliException;
import dev.backprop.data.ClassNames;
import dev.backprop.data.CsvData;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.CsvInputs;
import dev.backprop.data.CsvReader;
import dev.backprop.data.Dataset;
import dev.backprop.data.Idx;
import dev.backprop.data.InputFormatException;
import dev.backprop.data.InputLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads training, evaluation and prediction data from a CSV file or from a pair of IDX files
 * (images and labels, as MNIST), plain or gzip-compressed: the kind is told by the file's first
 * bytes, not its name. Every input is opened once and read once, as a stream ({@code -} is
 * standard input), so that a FIFO or a process substitution reads as a file does.
 */
public final class DataLoader {
    private DataLoader() {
    }

    /**
     * Whether an input holds IDX data (magic 00 00 TT NN with a known type code), after gunzip,
     * leaving its stream where it was.
     *
     * @param in the input
     * @return true for IDX, false for anything else (read as CSV)
     * @throws IOException if the input cannot be read
     */
    private static boolean isIdx(InputFile in) throws IOException {
        return Idx.isIdx(in.stream(), in.name());
    }

    /**
     * Reads training data with labels.
     *
     * @param file a CSV file, or IDX images; {@code -} for standard input
     * @param labels the IDX labels when {@code file} is IDX images; must be null for CSV
     * @param csv CSV settings
     * @param regression whether CSV labels are numeric targets
     * @param limit the bound on a CSV file's class labels
     * @return the data
     * @throws IOException for a bad or unreadable file
     */
    public static LoadedData training(Path file, Path labels, CsvSettings csv, boolean regression,
            ClassNames.Limit limit) throws IOException {
        if (labels != null && regression) {
            throw CliException.badInput(file + ": IDX images with --labels are classes; --task regression needs "
                    + "a CSV file");
        }
        try (InputFile in = InputFile.open(file)) {
            if (labels != null) {
                return idx(in, labels, -1, csv.limits());
            }
            if (isIdx(in)) {
                throw CliException.badInput(in.name() + ": is an IDX file; give its labels with --labels FILE");
            }
            CsvData d = CsvReader.read(in.stream(), in.name(), csv.format(regression), limit);
            Dataset ds = d.dataset();
            return new LoadedData(in.name(), ds.x(), ds.y(), ds.size(), ds.inputs(), ds.outputs(),
                    d.classes() == null ? null : names(d.classes()), d.featureNames(), d.targetNames(), d.seconds(),
                    "CSV", List.of(in.read()));
        }
    }

    /**
     * Reads data for a trained model: inputs of the model's width and, when the file has them,
     * labels of the model's classes (or targets for regression).
     *
     * @param file a CSV file, or IDX images
     * @param labels the IDX labels, or null
     * @param csv CSV settings
     * @param model what the model expects
     * @param requireTargets whether labels are required (evaluation) or optional (prediction)
     * @return the data; {@code dataset().outputs()} is 0 when the file had no labels
     * @throws IOException for a bad or unreadable file
     */
    public static LoadedData forModel(Path file, Path labels, CsvSettings csv, ModelInfo model, boolean requireTargets)
            throws IOException {
        return forColumns(file, labels, csv, model.inputs(), model.outputs(), model.classNames(),
                model.featureNames(), model.targetNames(), requireTargets, "the model", "--labels");
    }

    /**
     * Reads test data for a training run: the same columns and classes as the training data.
     *
     * @param file a CSV file, or IDX images
     * @param labels the IDX labels, or null
     * @param csv CSV settings
     * @param train the training data
     * @return the test data, with targets
     * @throws IOException for a bad or unreadable file
     */
    public static LoadedData testFor(Path file, Path labels, CsvSettings csv, LoadedData train) throws IOException {
        boolean stdin = InputFile.isStandardInput(file) || InputFile.isStandardInput(labels);
        if (stdin && train.read().stream().anyMatch(r -> InputFile.isStandardInput(r.file()))) {
            throw CliException.badInput("the training data and the test data are both '-'; standard input can be "
                    + "read only once");
        }
        return forColumns(file, labels, csv, train.inputs(), train.outputs(), train.classNames(),
                train.kind().equals("CSV") ? train.featureNames() : null,
                train.isClassification() ? null : train.targetNames(), true, "the training data", "--test-labels");
    }

    /** @param labelsOption the option that gives the IDX labels, for the message when they are missing */
    private static LoadedData forColumns(Path file, Path labels, CsvSettings csv, int width, int outputs,
            List<String> classNames, List<String> featureNames, List<String> targetNames, boolean requireTargets,
            String what, String labelsOption) throws IOException {
        try (InputFile in = InputFile.open(file)) {
            if (labels != null || isIdx(in)) {
                if (classNames == null) {
                    throw CliException.badInput(in.name() + ": IDX data are classes, but " + what + " does regression");
                }
                if (labels == null && requireTargets) {
                    throw CliException.badInput(in.name() + ": is an IDX file; give its labels with " + labelsOption
                            + " FILE");
                }
                LoadedData d = labels == null ? idxInputs(in, csv.limits()) : idx(in, labels, classNames.size(),
                        csv.limits());
                if (d.inputs() != width) {
                    throw CliException.badInput(in.name() + ": items of " + d.inputs() + " values; " + what
                            + " takes " + width + " inputs");
                }
                return d;
            }
            return csv(in, csv, width, outputs, classNames, featureNames, targetNames, requireTargets, what);
        }
    }

    private static LoadedData csv(InputFile in, CsvSettings csv, int width, int outputs, List<String> classNames,
            List<String> featureNames, List<String> targetNames, boolean requireTargets, String what)
            throws IOException {
        Path file = in.name();
        boolean regression = classNames == null;
        CsvFormat f = csv.format(regression);
        if (regression && csv.labels().isEmpty()) {
            f = targetNames != null && f.header() != CsvFormat.Header.NO && !targetNames.get(0).matches("c\\d+")
                    ? f.withLabels(targetNames.toArray(new String[0])) : f.withLabels(lastIndices(outputs));
        }
        ClassNames classes = regression ? null : ClassNames.of(classNames);
        CsvInputs data = featureNames != null
                ? CsvReader.readInputs(in.stream(), file, f, featureNames, classes)
                : CsvReader.readInputs(in.stream(), file, f, width, classes);
        if (requireTargets && !data.hasTargets()) {
            throw CliException.badInput(file + ": has no label column" + (regression ? "s" : "")
                    + "; expected " + width + " input columns and " + (regression ? outputs + " target" : "a label")
                    + " column" + (regression && outputs > 1 ? "s" : "") + " (see --label-column)");
        }
        if (data.hasTargets() && data.outputs() != outputs) {
            throw CliException.badInput(file + ": has " + data.outputs() + " target columns; " + what + " has "
                    + outputs);
        }
        return new LoadedData(file, data.x(), data.y(), data.rows(), data.inputs(),
                data.hasTargets() ? data.outputs() : 0, classNames, data.featureNames(),
                targetNames != null ? targetNames : List.of(), data.seconds(), "CSV", List.of(in.read()));
    }

    private static int[] lastIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i - n;
        }
        return idx;
    }

    private static List<String> names(ClassNames c) {
        List<String> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(c.name(i));
        }
        return out;
    }

    /**
     * IDX images and labels through {@link Idx#classification} (its checks and messages); classes =
     * the model's count, or (−1) as many as the labels give ({@link Idx#classCount}).
     */
    private static LoadedData idx(InputFile images, Path labels, int classes, InputLimits limits) throws IOException {
        long t0 = System.nanoTime();
        if (InputFile.isStandardInput(labels) && InputFile.isStandardInput(images.given())) {
            throw CliException.badInput("the images and their labels are both '-'; standard input can be read only "
                    + "once");
        }
        Idx.Array x = Idx.read(images.stream(), images.name(), limits, images.length());
        try (InputFile l = InputFile.open(labels)) {
            Idx.Array y = Idx.read(l.stream(), l.name(), limits, l.length());
            int k = classes < 0 ? Idx.classCount(y, l.name()) : classes;
            Dataset ds = Idx.classification(x, images.name(), y, l.name(), k, 1f);
            int width = ds.inputs();
            List<String> classNames = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                classNames.add(Integer.toString(i));
            }
            return new LoadedData(images.name(), ds.x(), ds.y(), ds.size(), width, k, classNames, pixelNames(width),
                    List.of("label"), (System.nanoTime() - t0) / 1e9, "IDX", List.of(images.read(), l.read()));
        }
    }

    private static LoadedData idxInputs(InputFile in, InputLimits limits) throws IOException {
        long t0 = System.nanoTime();
        Path images = in.name();
        Idx.Array x = Idx.read(in.stream(), images, limits, in.length());
        if (x.items() == 0 || x.itemSize() == 0) {
            throw new InputFormatException(images + ": byte 4: expected at least one item of at least one value, "
                    + "found dimensions " + java.util.Arrays.toString(x.dims()));
        }
        int width = x.itemSize();
        for (int i = 0; i < x.values().length; i++) {
            if (!Float.isFinite(x.values()[i])) {
                throw new InputFormatException(images + ": item " + i / width + ", value " + i % width + " is "
                        + x.values()[i] + "; expected a finite number");
            }
        }
        return new LoadedData(images, x.values(), null, x.items(), width, 0, null, pixelNames(width), List.of(),
                (System.nanoTime() - t0) / 1e9, "IDX", List.of(in.read()));
    }

    private static List<String> pixelNames(int width) {
        List<String> n = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            n.add("pixel" + i);
        }
        return n;
    }
}
