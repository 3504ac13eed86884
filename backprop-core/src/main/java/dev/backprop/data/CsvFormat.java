package dev.backprop.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How to read a CSV file: the delimiter, whether the first row is a header, how many leading lines
 * to skip, which columns hold the labels, whether they are class names or numeric targets, and the
 * text encoding.
 * Immutable; change one option with the {@code with…} methods, starting from {@link #defaults()}.
 *
 * <p>Labels are given either by header name or by 0-based column index; a negative index counts
 * from the end (−1 is the last column). Every other column is a feature. Classification takes one
 * label column whose cells are class names (integers are class names too); regression takes one or
 * more numeric label columns.
 *
 * @param delimiter the field separator; not a double quote, CR or LF
 * @param header whether the first row (after the skipped lines) names the columns
 * @param skipLines leading lines to ignore before the header or the first data row, ≥ 0
 * @param labelNames label columns by header name, or empty when given by index
 * @param labelIndices label columns by 0-based index (negative: from the end), or empty when given by name
 * @param task whether labels are class names or numeric targets
 * @param encoding the text encoding (UTF-8 unless given); bytes that are not valid in it are
 *        refused, never replaced, so that two distinct labels cannot become one. It must write
 *        LF and CR as the single bytes 0x0A and 0x0D, as UTF-8, ISO-8859-1 and windows-1252 do
 *        (not UTF-16), because lines are cut before they are decoded
 * @param limits the longest line and the largest gzip expansion ({@link InputLimits#defaults()}
 *        unless given)
 */
public record CsvFormat(char delimiter, Header header, int skipLines, List<String> labelNames,
        List<Integer> labelIndices, Task task, Charset encoding, InputLimits limits) {

    /** Whether the first row names the columns. */
    public enum Header {
        /** The first row is a header. */
        YES,
        /** There is no header: every row is data. */
        NO,
        /**
         * The first row is a header if one of its feature cells is not a number (cells that read
         * as NaN or infinity count as numbers here, so they are reported as bad values instead).
         */
        AUTO
    }

    /** What the label columns hold. */
    public enum Task {
        /** One label column of class names, read into one-hot targets. */
        CLASSIFICATION,
        /** One or more label columns of numbers, read as they are. */
        REGRESSION
    }

    /**
     * Checks and copies the options.
     *
     * @param delimiter the field separator; not a double quote, CR or LF
     * @param header whether the first row (after the skipped lines) names the columns
     * @param skipLines leading lines to ignore before the header or the first data row, ≥ 0
     * @param labelNames label columns by header name, or empty when given by index
     * @param labelIndices label columns by 0-based index (negative: from the end), or empty when given by name
     * @param task whether labels are class names or numeric targets
     * @param encoding the text encoding, writing LF and CR as single bytes
     * @param limits the longest line and the largest gzip expansion
     * @throws IllegalArgumentException if the delimiter is a quote or line break, skipLines is
     *     negative, not exactly one of labelNames and labelIndices is non-empty, or the encoding
     *     writes a line break otherwise than ASCII does
     */
    public CsvFormat {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a double quote or a line break");
        }
        if (skipLines < 0) {
            throw new IllegalArgumentException("skipLines must be >= 0, got " + skipLines);
        }
        if (header == null || task == null || encoding == null || limits == null) {
            throw new IllegalArgumentException("header, task, encoding and limits must be given");
        }
        if (!encoding.canEncode() || !java.util.Arrays.equals("\n\r".getBytes(encoding), new byte[] {'\n', '\r'})) {
            throw new IllegalArgumentException("the encoding " + encoding.name() + " does not write a line break as "
                    + "the byte 0x0A; expected an ASCII-compatible encoding such as UTF-8, ISO-8859-1 or windows-1252");
        }
        labelNames = List.copyOf(labelNames);
        labelIndices = List.copyOf(labelIndices);
        if (labelNames.isEmpty() == labelIndices.isEmpty()) {
            throw new IllegalArgumentException("give the label columns either by name or by index, got names "
                    + labelNames + " and indices " + labelIndices);
        }
    }

    /**
     * A format with the default limits.
     *
     * @param delimiter the field separator; not a double quote, CR or LF
     * @param header whether the first row (after the skipped lines) names the columns
     * @param skipLines leading lines to ignore before the header or the first data row, ≥ 0
     * @param labelNames label columns by header name, or empty when given by index
     * @param labelIndices label columns by 0-based index (negative: from the end), or empty when given by name
     * @param task whether labels are class names or numeric targets
     * @param encoding the text encoding, writing LF and CR as single bytes
     * @throws IllegalArgumentException as for the canonical constructor
     */
    public CsvFormat(char delimiter, Header header, int skipLines, List<String> labelNames,
            List<Integer> labelIndices, Task task, Charset encoding) {
        this(delimiter, header, skipLines, labelNames, labelIndices, task, encoding, InputLimits.defaults());
    }

    /**
     * A UTF-8 format.
     *
     * @param delimiter the field separator; not a double quote, CR or LF
     * @param header whether the first row (after the skipped lines) names the columns
     * @param skipLines leading lines to ignore before the header or the first data row, ≥ 0
     * @param labelNames label columns by header name, or empty when given by index
     * @param labelIndices label columns by 0-based index (negative: from the end), or empty when given by name
     * @param task whether labels are class names or numeric targets
     * @throws IllegalArgumentException as for the canonical constructor
     */
    public CsvFormat(char delimiter, Header header, int skipLines, List<String> labelNames,
            List<Integer> labelIndices, Task task) {
        this(delimiter, header, skipLines, labelNames, labelIndices, task, StandardCharsets.UTF_8);
    }

    /**
     * Comma-separated, header auto-detected, no skipped lines, the last column a class label, UTF-8.
     *
     * @return the default format
     */
    public static CsvFormat defaults() {
        return new CsvFormat(',', Header.AUTO, 0, List.of(), List.of(-1), Task.CLASSIFICATION);
    }

    /**
     * @param e the file's text encoding, for example {@code StandardCharsets.ISO_8859_1} for Latin-1
     * @return this format with that encoding
     */
    public CsvFormat withEncoding(Charset e) {
        return new CsvFormat(delimiter, header, skipLines, labelNames, labelIndices, task, e, limits);
    }

    /**
     * @param l the longest line and the largest gzip expansion to accept
     * @return this format with those limits
     */
    public CsvFormat withLimits(InputLimits l) {
        return new CsvFormat(delimiter, header, skipLines, labelNames, labelIndices, task, encoding, l);
    }

    /**
     * @param d the field separator, e.g. {@code ';'} or {@code '\t'}
     * @return this format with that delimiter
     */
    public CsvFormat withDelimiter(char d) {
        return new CsvFormat(d, header, skipLines, labelNames, labelIndices, task, encoding, limits);
    }

    /**
     * @param h whether the first row is a header
     * @return this format with that header rule
     */
    public CsvFormat withHeader(Header h) {
        return new CsvFormat(delimiter, h, skipLines, labelNames, labelIndices, task, encoding, limits);
    }

    /**
     * @param n leading lines to ignore (e.g. 1 for a first line of counts that is not a header)
     * @return this format skipping n lines
     */
    public CsvFormat withSkipLines(int n) {
        return new CsvFormat(delimiter, header, n, labelNames, labelIndices, task, encoding, limits);
    }

    /**
     * @param names label columns by header name (the file must have a header)
     * @return this format with those label columns
     */
    public CsvFormat withLabels(String... names) {
        return new CsvFormat(delimiter, header, skipLines, List.of(names), List.of(), task, encoding, limits);
    }

    /**
     * @param indices label columns by 0-based index; negative counts from the end, −1 is the last
     * @return this format with those label columns
     */
    public CsvFormat withLabels(int... indices) {
        Integer[] boxed = new Integer[indices.length];
        for (int i = 0; i < indices.length; i++) {
            boxed[i] = indices[i];
        }
        return new CsvFormat(delimiter, header, skipLines, List.of(), List.of(boxed), task, encoding, limits);
    }

    /** @return this format with class-name labels (one label column) */
    public CsvFormat classification() {
        return new CsvFormat(delimiter, header, skipLines, labelNames, labelIndices, Task.CLASSIFICATION, encoding, limits);
    }

    /** @return this format with numeric targets (one or more label columns) */
    public CsvFormat regression() {
        return new CsvFormat(delimiter, header, skipLines, labelNames, labelIndices, Task.REGRESSION, encoding, limits);
    }

    /** @return the number of label columns */
    public int labelCount() {
        return labelNames.isEmpty() ? labelIndices.size() : labelNames.size();
    }
}
