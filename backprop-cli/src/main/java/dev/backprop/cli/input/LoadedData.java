package dev.backprop.cli.input;

import dev.backprop.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/**
 * A data file read by {@link DataLoader}: case-major inputs and, when the file has labels, targets.
 *
 * @param file the file read
 * @param x inputs, {@code rows × inputs} values
 * @param y targets, {@code rows × outputs} values (one-hot for classes), or null when the file had none
 * @param rows cases read
 * @param inputs values per case
 * @param outputs values per target, 0 without targets
 * @param classNames class names by output index for classification, or null for regression
 * @param featureNames the input columns' names
 * @param targetNames the target columns' names
 * @param seconds time taken to read
 * @param kind "CSV" or "IDX"
 * @param read the inputs read, as they were read: the data file, then the IDX labels file if any
 */
public record LoadedData(Path file, float[] x, float[] y, int rows, int inputs, int outputs, List<String> classNames,
                  List<String> featureNames, List<String> targetNames, double seconds, String kind, List<Read> read) {

    /**
     * One input as it was read, once: for the run record, which cannot read a pipe again.
     *
     * @param file the path as given ({@code -} for standard input)
     * @param bytes the bytes read
     * @param sha256 their SHA-256, in hex
     */
    public record Read(Path file, long bytes, String sha256) {
    }

    /** @return whether the labels are classes */
    public boolean isClassification() {
        return classNames != null;
    }

    /** @return whether the file had labels or targets */
    boolean hasTargets() {
        return y != null;
    }

    /** @return the inputs and targets as a data set (the arrays are shared, not copied) */
    public Dataset dataset() {
        if (y == null) {
            throw new IllegalStateException(file + " has no targets");
        }
        return new Dataset(x, y, rows, inputs, outputs);
    }

    /** @return one line for the user: rows read, width, classes or targets, time */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "read %s: %d rows, %d inputs, %s (%s, %.2f s)",
                file, rows, inputs,
                classNames != null ? classNames.size() + " classes"
                        : targetNames.size() + " target" + (targetNames.size() == 1 ? "" : "s"), kind, seconds);
    }
}
