package dev.backprop.data;

import java.util.List;

/**
 * A CSV file read for prediction by {@link CsvReader#readInputs}: inputs in the model's feature
 * order and, when the file has the label columns, the targets.
 *
 * @param x inputs, case-major, {@code rows × inputs} finite values (shared, not copied)
 * @param y targets, case-major, {@code rows × outputs} (one-hot over the given class names for
 *     classification, the values for regression), or null when the file has no label columns or
 *     no class names were given
 * @param rows data rows read
 * @param inputs values per case
 * @param outputs values per target, 0 when {@code y} is null
 * @param featureNames the feature columns' names as found in the file
 * @param seconds time taken to read
 */
public record CsvInputs(float[] x, float[] y, int rows, int inputs, int outputs, List<String> featureNames,
        double seconds) {

    /**
     * Copies the name list.
     *
     * @param x inputs, case-major
     * @param y targets, case-major, or null
     * @param rows data rows read
     * @param inputs values per case
     * @param outputs values per target, 0 without targets
     * @param featureNames the feature columns' names
     * @param seconds time taken
     */
    public CsvInputs {
        featureNames = List.copyOf(featureNames);
    }

    /** @return whether targets were read */
    public boolean hasTargets() {
        return y != null;
    }

    /**
     * @return the inputs and targets as a data set
     * @throws IllegalStateException if the file had no targets
     */
    public Dataset dataset() {
        if (y == null) {
            throw new IllegalStateException("the file has no targets");
        }
        return new Dataset(x, y, rows, inputs, outputs);
    }
}
