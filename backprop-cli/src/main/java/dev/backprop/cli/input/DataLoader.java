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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads training, evaluation and prediction data from a CSV file or from a pair of IDX files
 * (images and labels, as MNIST), plain or gzip-compressed: the kind is told by the file's first
 * bytes, not its name. The values are read once, into arrays of their final size.
 */
public final class DataLoader {
    private DataLoader() {
    }

    /**
     * Whether a file holds IDX data (magic 00 00 TT NN with a known type code), after gunzip.
     *
     * @param file the file
     * @return true for IDX, false for anything else (read as CSV)
     * @throws IOException if the file cannot be read
     */
    static boolean isIdx(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw CliException.badInput(file + ": is a directory; expected a CSV or IDX file");
        }
        return Idx.isIdx(file);
    }

    /**
     * Reads training data with labels.
     *
     * @param file a CSV file, or IDX images
     * @param labels the IDX labels when {@code file} is IDX images; must be null for CSV
     * @param csv CSV settings
     * @param regression whether CSV labels are numeric targets
     * @param limit the bound on a CSV file's class labels
     * @return the data
     * @throws IOException for a bad or unreadable file
     */
    public static LoadedData training(Path file, Path labels, CsvSettings csv, boolean regression,
            ClassNames.Limit limit) throws IOException {
        if (labels != null) {
            if (regression) {
                throw CliException.badInput(file + ": IDX images with --labels are classes; --task regression needs "
                        + "a CSV file");
            }
            return idx(file, labels, -1);
        }
        if (isIdx(file)) {
            throw CliException.badInput(file + ": is an IDX file; give its labels with --labels FILE");
        }
        CsvFormat f = csv.format(regression);
        CsvData d = CsvReader.read(file, f, limit);
        Dataset ds = d.dataset();
        return new LoadedData(file, ds.x(), ds.y(), ds.size(), ds.inputs(), ds.outputs(),
                d.classes() == null ? null : names(d.classes()), d.featureNames(), d.targetNames(), d.seconds(), "CSV");
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
                model.featureNames(), model.targetNames(), requireTargets, "the model");
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
        return forColumns(file, labels, csv, train.inputs(), train.outputs(), train.classNames(),
                train.kind().equals("CSV") ? train.featureNames() : null,
                train.isClassification() ? null : train.targetNames(), true, "the training data");
    }

    private static LoadedData forColumns(Path file, Path labels, CsvSettings csv, int width, int outputs,
            List<String> classNames, List<String> featureNames, List<String> targetNames, boolean requireTargets,
            String what) throws IOException {
        if (labels != null || isIdx(file)) {
            if (classNames == null) {
                throw CliException.badInput(file + ": IDX data are classes, but " + what + " does regression");
            }
            if (labels == null && requireTargets) {
                throw CliException.badInput(file + ": is an IDX file; give its labels with --labels FILE");
            }
            LoadedData d = labels == null ? idxInputs(file) : idx(file, labels, classNames.size());
            if (d.inputs() != width) {
                throw CliException.badInput(file + ": items of " + d.inputs() + " values; " + what + " takes "
                        + width + " inputs");
            }
            return d;
        }
        boolean regression = classNames == null;
        CsvFormat f = csv.format(regression);
        if (regression && csv.labels().isEmpty()) {
            f = targetNames != null && f.header() != CsvFormat.Header.NO && !targetNames.get(0).matches("c\\d+")
                    ? f.withLabels(targetNames.toArray(new String[0])) : f.withLabels(lastIndices(outputs));
        }
        ClassNames classes = regression ? null : ClassNames.of(classNames);
        CsvInputs in = featureNames != null
                ? CsvReader.readInputs(file, f, featureNames, classes)
                : CsvReader.readInputs(file, f, width, classes);
        if (requireTargets && !in.hasTargets()) {
            throw CliException.badInput(file + ": has no label column" + (regression ? "s" : "")
                    + "; expected " + width + " input columns and " + (regression ? outputs + " target" : "a label")
                    + " column" + (regression && outputs > 1 ? "s" : "") + " (see --label-column)");
        }
        if (in.hasTargets() && in.outputs() != outputs) {
            throw CliException.badInput(file + ": has " + in.outputs() + " target columns; " + what + " has "
                    + outputs);
        }
        return new LoadedData(file, in.x(), in.y(), in.rows(), in.inputs(), in.hasTargets() ? in.outputs() : 0,
                classNames, in.featureNames(), targetNames != null ? targetNames : List.of(), in.seconds(), "CSV");
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
     * the model's count, or (−1) the largest label + 1, at least 2.
     */
    private static LoadedData idx(Path images, Path labels, int classes) throws IOException {
        long t0 = System.nanoTime();
        int k = classes;
        if (k < 0) {
            Idx.Array y = Idx.read(labels);
            float max = 0;
            for (float v : y.values()) {
                max = Math.max(max, v);
            }
            k = max >= 1 && max < 65536 && max == (int) max ? (int) max + 1 : 2;
        }
        Dataset ds = Idx.classification(images, labels, k, 1f);
        int width = ds.inputs();
        List<String> classNames = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            classNames.add(Integer.toString(i));
        }
        return new LoadedData(images, ds.x(), ds.y(), ds.size(), width, k, classNames, pixelNames(width),
                List.of("label"), (System.nanoTime() - t0) / 1e9, "IDX");
    }

    private static LoadedData idxInputs(Path images) throws IOException {
        long t0 = System.nanoTime();
        Idx.Array x = Idx.read(images);
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
                (System.nanoTime() - t0) / 1e9, "IDX");
    }

    private static List<String> pixelNames(int width) {
        List<String> n = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            n.add("pixel" + i);
        }
        return n;
    }
}
