package dev.backprop.cli.input;

import dev.backprop.data.CsvFormat;
import dev.backprop.data.InputLimits;
import java.util.List;

/** How to read a CSV file, as the user gave it: what {@link DataLoader} needs of the CSV options. */
public interface CsvSettings {
    /**
     * The CSV format for these settings.
     *
     * @param regression whether the labels are numeric targets
     * @return the format
     */
    CsvFormat format(boolean regression);

    /** @return the longest line and the largest gzip expansion accepted, for CSV and IDX files alike */
    InputLimits limits();

    /** @return the label columns as given, by name or index (empty: the default, the last column) */
    List<String> labels();
}
