package dev.backprop.data;

import java.util.List;

/**
 * A CSV file read for training by {@link CsvReader#read}: the data set and what its columns were.
 *
 * @param dataset inputs (the feature columns, in file order) and targets (one-hot over
 *     {@code classes} for classification, the label columns' values for regression)
 * @param featureNames the feature columns' names (from the header, or {@code c0, c1, …} by file
 *     column index when there is none)
 * @param targetNames the label columns' names, in the order of the format
 * @param classes the class names in output order for classification ({@link ClassNames#sorted}
 *     order), or null for regression
 * @param rows data rows read
 * @param seconds time taken to read them
 */
public record CsvData(Dataset dataset, List<String> featureNames, List<String> targetNames, ClassNames classes,
        int rows, double seconds) {

    /**
     * Copies the name lists.
     *
     * @param dataset inputs and targets
     * @param featureNames the feature columns' names
     * @param targetNames the label columns' names
     * @param classes the class names, or null for regression
     * @param rows data rows read
     * @param seconds time taken
     */
    public CsvData {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
    }

    /** @return one line: rows, features, classes or targets, and time */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d rows, %d features, %s in %.3f s", rows,
                featureNames.size(), classes != null ? classes.size() + " classes " + classes
                        : targetNames.size() + " targets " + targetNames, seconds);
    }
}
