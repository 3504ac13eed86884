package dev.backprop.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads CSV files (plain, or gzip-compressed as recognised by the magic bytes, not the name) into
 * float32 inputs and targets, as described by a {@link CsvFormat}.
 *
 * <p>A record is one line (LF or CRLF) of text in the format's encoding, UTF-8 unless given: a byte
 * sequence that is not valid in it is refused with its line and byte offset, never replaced, so
 * that labels such as Latin-1 {@code café} and {@code cafè} cannot both become one class; blank
 * lines are skipped; quoting as in
 * {@link CsvFormat}'s fields, a quoted field cannot span lines. Numbers are decimal ({@code 1},
 * {@code -2.5}, {@code 1e-3}) and are rounded to the nearest float32; NaN, infinity and values
 * beyond the float32 range are refused.
 *
 * <p>Reading: the bytes are read once, from the start to the end, so a pipe, a FIFO or standard
 * input reads as a file does. A line longer than {@link InputLimits#maxLineBytes} is refused
 * before it is held whole, and gzip content that expands past {@link InputLimits#maxGzipRatio}
 * is refused as it is decompressed, so that neither an endless line (a device such as
 * {@code /dev/zero}) nor a small compressed file can fill the memory.
 *
 * <p>Memory: the values go straight into float32 arrays that grow by half as rows come
 * (classification also keeps one int per row until the one-hot targets are built) and are
 * trimmed to the rows read at the end, so they are briefly held twice while growing or trimming.
 * No row is kept as text.
 *
 * <p>Bad content throws {@link InputFormatException} with one line: the file, the 1-based line
 * number and what was expected. A misused format (two label columns for classification) throws
 * {@link IllegalArgumentException}.
 */
public final class CsvReader {
    private CsvReader() {
    }

    /**
     * Reads a training file: feature columns into inputs, label columns into targets.
     *
     * @param file the CSV file, plain or gzip-compressed
     * @param format how to read it
     * @return the data set, column and class names, rows read and time taken
     * @throws InputFormatException for bad content: an empty file, a header without data rows, a
     *     ragged row, a cell that is not a finite number, an empty label, an unknown label column
     *     name, a label index out of range, a label with a control character, fewer than 2 classes,
     *     labels past {@link ClassNames.Limit#DEFAULT}, more one-hot target values (rows × classes)
     *     than one array holds
     * @throws IOException if the file cannot be read
     */
    public static CsvData read(Path file, CsvFormat format) throws IOException {
        return read(file, format, ClassNames.Limit.DEFAULT);
    }

    /**
     * Reads a training file, bounding the classes of a classification file.
     *
     * @param file the CSV file, plain or gzip-compressed
     * @param format how to read it
     * @param limit the bound on the class labels (not used for regression)
     * @return the data set, column and class names, rows read and time taken
     * @throws InputFormatException for bad content as in {@link #read(Path, CsvFormat)}, a label
     *     with a control character, or labels past the limit
     * @throws IOException if the file cannot be read
     */
    public static CsvData read(Path file, CsvFormat format, ClassNames.Limit limit) throws IOException {
        return read(Gzip.raw(file), file, format, limit);
    }

    /**
     * Reads training data from a stream, as {@link #read(Path, CsvFormat)} reads a file: for a
     * pipe, a FIFO or standard input, whose bytes can be read only once.
     *
     * @param raw the raw bytes, plain or gzip-compressed, read once to their end; closed by this
     *     method
     * @param file the name to give in messages (for standard input, for example {@code standard input})
     * @param format how to read it
     * @return the data set, column and class names, rows read and time taken
     * @throws InputFormatException for bad content, as for a file
     * @throws IOException if the stream cannot be read
     */
    public static CsvData read(InputStream raw, Path file, CsvFormat format) throws IOException {
        return read(raw, file, format, ClassNames.Limit.DEFAULT);
    }

    /**
     * Reads training data from a stream, bounding the classes of a classification file.
     *
     * @param raw the raw bytes, plain or gzip-compressed, read once to their end; closed by this
     *     method
     * @param file the name to give in messages
     * @param format how to read it
     * @param limit the bound on the class labels (not used for regression)
     * @return the data set, column and class names, rows read and time taken
     * @throws InputFormatException for bad content, as for a file
     * @throws IOException if the stream cannot be read
     */
    public static CsvData read(InputStream raw, Path file, CsvFormat format, ClassNames.Limit limit)
            throws IOException {
        long t0 = System.nanoTime();
        try (Lines in = new Lines(raw, file.toString(), format)) {
            checkTask(format);
            Head h = head(in, format, file, -1);
            Table t = body(in, h, format, file, null, true);
            List<String> featureNames = names(h.names, h.features);
            List<String> targetNames = names(h.names, h.labels);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (format.task() == CsvFormat.Task.REGRESSION) {
                Dataset d = new Dataset(t.x, t.y, t.rows, h.features.length, h.labels.length);
                return new CsvData(d, featureNames, targetNames, null, t.rows, seconds);
            }
            ClassNames.check(t.seen, t.rows, limit, file, targetNames.get(0));
            ClassNames classes = ClassNames.sorted(t.seen);
            if (classes.size() < 2) {
                throw new InputFormatException(file + ": column '" + targetNames.get(0) + "' holds only the class '"
                        + classes.name(0) + "'; classification needs at least 2 classes");
            }
            oneHot(t.rows, classes.size(), file, targetNames.get(0), true);
            int[] remap = new int[t.seen.size()];
            for (int i = 0; i < remap.length; i++) {
                remap[i] = classes.indexOf(t.seen.get(i));
            }
            for (int r = 0; r < t.rows; r++) {
                t.cls[r] = remap[t.cls[r]];
            }
            Dataset d = Dataset.classification(t.x, t.cls, h.features.length, classes.size());
            return new CsvData(d, featureNames, targetNames, classes, t.rows, seconds);
        }
    }

    /**
     * Reads a file for prediction, with or without the label columns, checking its feature columns
     * against the model's: by count, and by name and order when the file has a header.
     *
     * @param file the CSV file, plain or gzip-compressed
     * @param format how to read it (its label columns are used when the file has them)
     * @param expectedFeatureNames the model's feature names, in input order
     * @param classes the model's class names to read class labels as targets, or null to ignore
     *     class labels (not used for regression)
     * @return the inputs and, when present, the targets
     * @throws InputFormatException for bad content as in {@link #read}, a wrong number or names of
     *     feature columns, or a class the model was not trained on
     * @throws IOException if the file cannot be read
     */
    public static CsvInputs readInputs(Path file, CsvFormat format, List<String> expectedFeatureNames,
            ClassNames classes) throws IOException {
        return readInputs(Gzip.raw(file), file, format, expectedFeatureNames, classes);
    }

    /**
     * Reads data for prediction from a stream, as {@link #readInputs(Path, CsvFormat, List, ClassNames)}
     * reads a file.
     *
     * @param in the raw bytes, plain or gzip-compressed, read once to their end; closed by this method
     * @param file the name to give in messages
     * @param format how to read it (its label columns are used when the data has them)
     * @param expectedFeatureNames the model's feature names, in input order
     * @param classes the model's class names to read class labels as targets, or null to ignore them
     * @return the inputs and, when present, the targets
     * @throws InputFormatException for bad content, as for a file
     * @throws IOException if the stream cannot be read
     */
    public static CsvInputs readInputs(InputStream in, Path file, CsvFormat format, List<String> expectedFeatureNames,
            ClassNames classes) throws IOException {
        return readInputs(in, file, format, List.copyOf(expectedFeatureNames), expectedFeatureNames.size(), classes);
    }

    /**
     * Reads a file for prediction, with or without the label columns, checking the number of
     * feature columns.
     *
     * @param file the CSV file, plain or gzip-compressed
     * @param format how to read it (its label columns are used when the file has them)
     * @param expectedWidth the model's number of inputs
     * @param classes the model's class names to read class labels as targets, or null to ignore
     *     class labels (not used for regression)
     * @return the inputs and, when present, the targets
     * @throws InputFormatException for bad content as in {@link #read}, a wrong number of feature
     *     columns, or a class the model was not trained on
     * @throws IOException if the file cannot be read
     */
    public static CsvInputs readInputs(Path file, CsvFormat format, int expectedWidth, ClassNames classes)
            throws IOException {
        return readInputs(Gzip.raw(file), file, format, expectedWidth, classes);
    }

    /**
     * Reads data for prediction from a stream, as {@link #readInputs(Path, CsvFormat, int, ClassNames)}
     * reads a file.
     *
     * @param in the raw bytes, plain or gzip-compressed, read once to their end; closed by this method
     * @param file the name to give in messages
     * @param format how to read it (its label columns are used when the data has them)
     * @param expectedWidth the model's number of inputs
     * @param classes the model's class names to read class labels as targets, or null to ignore them
     * @return the inputs and, when present, the targets
     * @throws InputFormatException for bad content, as for a file
     * @throws IOException if the stream cannot be read
     */
    public static CsvInputs readInputs(InputStream in, Path file, CsvFormat format, int expectedWidth,
            ClassNames classes) throws IOException {
        return readInputs(in, file, format, null, expectedWidth, classes);
    }

    private static CsvInputs readInputs(InputStream raw, Path file, CsvFormat format, List<String> expected,
            int width, ClassNames classes) throws IOException {
        long t0 = System.nanoTime();
        try (Lines in = new Lines(raw, file.toString(), format)) {
            if (width < 1) {
                throw new IllegalArgumentException("expected width must be >= 1, got " + width);
            }
            checkTask(format);
            Head h = head(in, format, file, width);
            String want = "expected " + width + " feature column" + (width == 1 ? "" : "s")
                    + (expected == null ? "" : " (" + String.join(", ", expected) + ")");
            if (h.features.length != width) {
                throw new InputFormatException(file + ":" + h.line + ": " + want + ", found " + h.features.length
                        + (h.header ? " (" + String.join(", ", names(h.names, h.features)) + ")" : "")
                        + (h.labels.length > 0 ? " besides the label columns" : "")
                        + delimiterHint(h.text, h.names.size(), format.delimiter()));
            }
            List<String> found = names(h.names, h.features);
            if (h.header && expected != null && !found.equals(expected)) {
                throw new InputFormatException(file + ":" + h.line + ": " + want + " in this order, found ("
                        + String.join(", ", found) + ")");
            }
            boolean classify = format.task() == CsvFormat.Task.CLASSIFICATION;
            boolean targets = h.labels.length > 0 && (!classify || classes != null);
            Table t = body(in, h, format, file, classify ? classes : null, targets);
            float[] y = null;
            int outputs = 0;
            if (targets && classify) {
                outputs = classes.size();
                y = new float[oneHot(t.rows, outputs, file, h.names.get(h.labels[0]), false)];
                for (int r = 0; r < t.rows; r++) {
                    y[r * outputs + t.cls[r]] = 1f;
                }
            } else if (targets) {
                outputs = h.labels.length;
                y = t.y;
            }
            return new CsvInputs(t.x, y, t.rows, width, outputs, found, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The length of one-hot targets, refusing more values than one array holds: many distinct
     * labels usually mean a numeric column read as class names.
     */
    private static int oneHot(int rows, int classes, Path file, String column, boolean training)
            throws InputFormatException {
        long n = (long) rows * classes;
        if (n > Idx.MAX_VALUES) {
            throw new InputFormatException(file + ": column '" + column + "' gives " + rows + " rows × " + classes
                    + " classes = " + n + " one-hot target values; expected at most " + Idx.MAX_VALUES
                    + (training ? " (for numeric targets, read the column for regression)" : ""));
        }
        return (int) n;
    }

    private static void checkTask(CsvFormat format) {
        if (format.task() == CsvFormat.Task.CLASSIFICATION && format.labelCount() != 1) {
            throw new IllegalArgumentException("classification takes one label column, got " + format.labelCount());
        }
    }

    /** The first row: whether it is a header, the column names, label and feature columns. */
    private static final class Head {
        long line;
        boolean header;
        List<String> names;
        int[] labels;
        int[] features;
        /** The first row as read, for hints. */
        String text;
        /** The first data row when there is no header, else null. */
        String pending;
        long pendingLine;
    }

    /**
     * Reads the first row and works out the columns.
     *
     * @param width for prediction files, the model's inputs: label columns are then optional and
     *     taken as present when found by name, or by index when the row has width + labels fields;
     *     −1 for training files, where they are required
     */
    private static Head head(Lines in, CsvFormat format, Path file, int width) throws IOException {
        for (int i = 0; i < format.skipLines(); i++) {
            if (in.raw() == null) {
                throw new InputFormatException(file + ":" + (in.no + 1) + ": the file ends within the "
                        + format.skipLines() + " lines to skip; expected a header or data rows after them");
            }
        }
        String first = in.next();
        if (first == null) {
            throw new InputFormatException(file + ":" + (in.no + 1) + ": the file is empty"
                    + (format.skipLines() > 0 ? " after the " + format.skipLines() + " skipped lines" : "")
                    + "; expected a header or data rows");
        }
        Head h = new Head();
        h.line = in.no;
        h.text = first;
        List<String> fields = new ArrayList<>();
        split(first, format, fields, file, h.line);
        int n = fields.size();
        boolean optional = width >= 0;
        CsvFormat.Header rule = format.header();
        if (!format.labelNames().isEmpty()) {
            h.header = rule == CsvFormat.Header.YES || rule == CsvFormat.Header.AUTO && !allNumberLike(fields, null);
            if (!h.header) {
                if (optional && n == width) {
                    h.labels = new int[0];
                } else {
                    throw new InputFormatException(file + ":" + h.line + ": label columns are given by name ("
                            + String.join(", ", format.labelNames()) + ") but the file has no header"
                            + (rule == CsvFormat.Header.AUTO ? " (its first row reads as numbers)" : ""));
                }
            } else {
                h.labels = byName(fields, format.labelNames(), file, h.line, optional);
            }
        } else {
            boolean present = !optional || n == width + format.labelCount();
            h.labels = present ? byIndex(n, format.labelIndices(), file, h.line) : new int[0];
            h.header = rule == CsvFormat.Header.YES
                    || rule == CsvFormat.Header.AUTO && !allNumberLike(fields, h.labels);
        }
        boolean[] isLabel = new boolean[n];
        for (int l : h.labels) {
            isLabel[l] = true;
        }
        h.features = new int[n - h.labels.length];
        for (int c = 0, f = 0; c < n; c++) {
            if (!isLabel[c]) {
                h.features[f++] = c;
            }
        }
        if (h.header) {
            h.names = List.copyOf(fields);
        } else {
            List<String> names = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                names.add("c" + c);
            }
            h.names = names;
            h.pending = first;
            h.pendingLine = h.line;
        }
        if (h.features.length == 0 && !optional) {
            throw new InputFormatException(file + ":" + h.line + ": all " + n + " columns are label columns; "
                    + "expected at least one feature column" + delimiterHint(first, n, format.delimiter()));
        }
        return h;
    }

    /**
     * When a row split into one field holds a semicolon or a tab, a hint that it is the delimiter:
     * files from spreadsheets in many locales use one of them.
     */
    private static String delimiterHint(String row, int fields, char delimiter) {
        if (fields != 1) {
            return "";
        }
        for (char d : new char[] {';', '\t'}) {
            if (d != delimiter && row.indexOf(d) >= 0) {
                String name = d == '\t' ? "tab" : "';'";
                return "; the line holds " + (d == '\t' ? "tabs" : "';'") + ": if it separates the fields, give "
                        + "--delimiter " + name;
            }
        }
        return "";
    }

    private static boolean allNumberLike(List<String> fields, int[] skip) {
        for (int c = 0; c < fields.size(); c++) {
            boolean skipped = false;
            if (skip != null) {
                for (int s : skip) {
                    skipped |= s == c;
                }
            }
            if (!skipped && !CsvCells.numberLike(fields.get(c))) {
                return false;
            }
        }
        return true;
    }

    private static int[] byName(List<String> header, List<String> wanted, Path file, long line, boolean optional)
            throws InputFormatException {
        int[] cols = new int[wanted.size()];
        for (int i = 0; i < cols.length; i++) {
            String w = wanted.get(i);
            int at = header.indexOf(w);
            if (at < 0) {
                if (optional) {
                    return new int[0];
                }
                throw new InputFormatException(file + ":" + line + ": label column '" + w + "' is not in the header; "
                        + "expected one of: " + String.join(", ", header));
            }
            if (header.lastIndexOf(w) != at) {
                throw new InputFormatException(file + ":" + line + ": label column '" + w + "' appears more than "
                        + "once in the header; expected unique names");
            }
            cols[i] = at;
        }
        return distinct(cols, file, line);
    }

    private static int[] byIndex(int n, List<Integer> wanted, Path file, long line) throws InputFormatException {
        int[] cols = new int[wanted.size()];
        for (int i = 0; i < cols.length; i++) {
            int w = wanted.get(i);
            int at = w < 0 ? n + w : w;
            if (at < 0 || at >= n) {
                throw new InputFormatException(file + ":" + line + ": label column index " + w + " is out of range; "
                        + "expected " + (-n) + ".." + (n - 1) + " for " + n + " columns");
            }
            cols[i] = at;
        }
        return distinct(cols, file, line);
    }

    private static int[] distinct(int[] cols, Path file, long line) throws InputFormatException {
        for (int i = 0; i < cols.length; i++) {
            for (int j = 0; j < i; j++) {
                if (cols[i] == cols[j]) {
                    throw new InputFormatException(file + ":" + line + ": column " + cols[i] + " is named twice as "
                            + "a label column; expected distinct label columns");
                }
            }
        }
        return cols;
    }

    /** Rows the arrays hold at first; they grow by half as rows come. */
    private static final int FIRST_ROWS = 1024;

    /** Values read from the data rows. */
    private static final class Table {
        float[] x;
        float[] y;
        int[] cls;
        int rows;
        /** Class labels in order of first appearance; cls holds indices into it. */
        List<String> seen = new ArrayList<>();
    }

    /**
     * Reads the data rows.
     *
     * @param known class names to map labels to (prediction), or null to collect them (training)
     * @param targets whether to read the label columns
     */
    private static Table body(Lines in, Head h, CsvFormat format, Path file, ClassNames known,
            boolean targets) throws IOException {
        String row = h.pending;
        long line = h.pendingLine;
        if (row == null) {
            row = in.next();
            line = in.no;
            if (row == null) {
                throw new InputFormatException(file + ":" + (in.no + 1) + ": expected data rows after the header on "
                        + "line " + h.line + ", found none");
            }
        }
        int n = h.names.size();
        int w = h.features.length;
        boolean classify = format.task() == CsvFormat.Task.CLASSIFICATION;
        int k = targets && !classify ? h.labels.length : 0;
        int widest = Math.max(Math.max(w, k), 1);
        long cap = Math.max(1, Math.min(FIRST_ROWS, Idx.MAX_VALUES / widest));
        Table t = new Table();
        t.x = new float[(int) cap * w];
        t.y = new float[(int) cap * k];
        t.cls = targets && classify ? new int[(int) cap] : null;
        Map<String, Integer> ids = new HashMap<>();
        List<String> fields = new ArrayList<>(n);
        while (row != null) {
            split(row, format, fields, file, line);
            if (fields.size() != n) {
                throw new InputFormatException(file + ":" + line + ": expected " + n + " fields, found "
                        + fields.size());
            }
            if (t.rows == cap) {
                long more = Math.min(cap + (cap >> 1) + 16, Idx.MAX_VALUES / widest);
                if (more <= cap) {
                    throw new InputFormatException(file + ":" + line + ": more than " + cap + " rows of " + widest
                            + " values; expected at most " + Idx.MAX_VALUES + " values in one array");
                }
                cap = more;
                t.x = Arrays.copyOf(t.x, (int) cap * w);
                t.y = Arrays.copyOf(t.y, (int) cap * k);
                t.cls = t.cls == null ? null : Arrays.copyOf(t.cls, (int) cap);
            }
            int base = t.rows * w;
            for (int f = 0; f < w; f++) {
                t.x[base + f] = number(fields.get(h.features[f]), h.names.get(h.features[f]), file, line);
            }
            if (t.cls != null) {
                int c = h.labels[0];
                String label = fields.get(c);
                if (label.isEmpty()) {
                    throw new InputFormatException(file + ":" + line + ": column '" + h.names.get(c) + "': empty "
                            + "label; expected a class name");
                }
                if (known != null) {
                    t.cls[t.rows] = known.require(label, file, line);
                } else {
                    Integer id = ids.get(label);
                    if (id == null) {
                        ClassNames.checkPrintable(label, file, line, h.names.get(c));
                        id = t.seen.size();
                        ids.put(label, id);
                        t.seen.add(label);
                    }
                    t.cls[t.rows] = id;
                }
            }
            for (int j = 0; j < k; j++) {
                int c = h.labels[j];
                t.y[t.rows * k + j] = number(fields.get(c), h.names.get(c), file, line);
            }
            t.rows++;
            row = in.next();
            line = in.no;
        }
        if (t.rows < cap) {
            t.x = Arrays.copyOf(t.x, t.rows * w);
            t.y = Arrays.copyOf(t.y, t.rows * k);
            t.cls = t.cls == null ? null : Arrays.copyOf(t.cls, t.rows);
        }
        return t;
    }

    private static float number(String cell, String column, Path file, long line) throws InputFormatException {
        float v = CsvCells.parse(cell);
        if (Float.isNaN(v)) {
            throw new InputFormatException(file + ":" + line + ": column '" + column + "': " + CsvCells.problem(cell));
        }
        return v;
    }

    private static void split(String row, CsvFormat format, List<String> out, Path file, long line)
            throws InputFormatException {
        String problem = CsvCells.split(row, format.delimiter(), out);
        if (problem != null) {
            throw new InputFormatException(file + ":" + line + ": " + problem);
        }
    }

    private static List<String> names(List<String> all, int[] cols) {
        List<String> out = new ArrayList<>(cols.length);
        for (int c : cols) {
            out.add(all.get(c));
        }
        return out;
    }

    /**
     * Lines of the file, counted from 1, with blank lines skipped by {@link #next}. Lines are cut
     * at the byte level (LF, CRLF or a lone CR end a line, as for {@code BufferedReader}) and
     * decoded one by one, so that a line longer than the cap is refused before it is held whole,
     * and a byte that is not valid in the encoding is named by its line and offset as it is met.
     * The encoding must write a line break as the one byte it has in ASCII ({@link CsvFormat}
     * checks it).
     */
    private static final class Lines implements Closeable {
        private final InputStream in;
        private final String file;
        private final Charset encoding;
        private final CharsetDecoder decoder;
        private final boolean asciiSuperset;
        private final long max;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        /** Content bytes before buf[0]. */
        private long offset;
        private byte[] line = new byte[256];
        private CharBuffer chars = CharBuffer.allocate(256);
        long no;

        Lines(InputStream in, String file, CsvFormat format) throws IOException {
            this.in = Gzip.open(in, file, format.limits().maxGzipRatio());
            this.file = file;
            this.encoding = format.encoding();
            this.decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.asciiSuperset = encoding.equals(StandardCharsets.UTF_8) || encoding.equals(StandardCharsets.ISO_8859_1)
                    || encoding.equals(StandardCharsets.US_ASCII);
            // one line is one array: a cap past the largest array refuses at that size instead of failing there
            this.max = Math.min(format.limits().maxLineBytes(), Integer.MAX_VALUE - 16);
        }

        /** @return the next line, or null at the end */
        String raw() throws IOException {
            long start = offset + pos;
            int len = 0;
            boolean any = false;
            while (true) {
                if (pos == lim && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                int i = pos;
                while (i < lim && buf[i] != '\n' && buf[i] != '\r') {
                    i++;
                }
                len = append(pos, i - pos, len);
                pos = i;
                if (i < lim) {
                    if (buf[pos++] == '\r' && (pos < lim || fill()) && buf[pos] == '\n') {
                        pos++;
                    }
                    break;
                }
            }
            no++;
            String s = decode(len, start);
            return no == 1 && s.startsWith("\uFEFF") ? s.substring(1) : s;
        }

        /** Appends buf[from, from + n) to the line of {@code len} bytes, refusing it past the cap. */
        private int append(int from, int n, int len) throws InputFormatException {
            if (len + (long) n > max) {
                throw new InputFormatException(file + ":" + (no + 1) + ": line longer than " + max + " bytes; raise "
                        + "--max-line-bytes if this is intended");
            }
            if (len + n > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(Math.max(2L * line.length, len + n), Integer.MAX_VALUE - 16));
            }
            System.arraycopy(buf, from, line, len, n);
            return len + n;
        }

        private boolean fill() throws IOException {
            offset += lim;
            pos = 0;
            lim = 0;
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (ZipException | EOFException e) {
                throw new InputFormatException(file + ":" + (no + 1) + ": compressed data is damaged ("
                        + e.getMessage() + "); expected a whole gzip stream");
            }
            lim = Math.max(n, 0);
            return n > 0;
        }

        /** Decodes the line's bytes, refusing the first sequence that is not valid in the encoding. */
        private String decode(int len, long start) throws InputFormatException {
            if (asciiSuperset) {
                boolean ascii = true;
                for (int i = 0; i < len && ascii; i++) {
                    ascii = line[i] >= 0;
                }
                if (ascii) {
                    return new String(line, 0, len, StandardCharsets.ISO_8859_1);
                }
            }
            while (true) {
                ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
                decoder.reset();
                chars.clear();
                CoderResult r = decoder.decode(bytes, chars, true);
                if (!r.isError() && !r.isOverflow()) {
                    r = decoder.flush(chars);
                }
                if (r.isOverflow()) {
                    chars = CharBuffer.allocate(Math.max(2 * chars.capacity(), len + 16));
                    continue;
                }
                if (r.isError()) {
                    StringBuilder found = new StringBuilder();
                    for (int i = 0; i < r.length(); i++) {
                        found.append(i > 0 ? " " : "").append(String.format("0x%02x", line[bytes.position() + i]));
                    }
                    throw new InputFormatException(file + ":" + no + ": byte " + (start + bytes.position())
                            + ": expected " + encoding.name() + " text, found " + found + ", which is not "
                            + encoding.name() + "; give the file's encoding if it has another (for example ISO-8859-1)");
                }
                return chars.flip().toString();
            }
        }

        /** @return the next line that is not blank, or null at the end */
        String next() throws IOException {
            String s;
            do {
                s = raw();
            } while (s != null && s.isBlank());
            return s;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
