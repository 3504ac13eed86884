package dev.backprop.cli.output;

/** A cell of the CSV files the commands write (predictions, held-out cases), as RFC 4180 wants it. */
public final class CsvCell {
    private CsvCell() {
    }

    /**
     * Quotes a CSV cell when it holds a comma, quote or line break (RFC 4180).
     *
     * @param s the cell's text
     * @return the text as is, or in double quotes with its quotes doubled
     */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
