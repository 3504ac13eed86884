package dev.backprop.data;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The class names of a classification task, in output order: class i is output i of a one-hot
 * target. Maps label strings to class indices and network outputs back to names.
 *
 * <p>{@link #sorted} puts names in a stable order that does not depend on the order of the rows:
 * names that read as decimal numbers ({@code "2"}, {@code "-1.5"}, {@code "1e3"}) first, by numeric
 * value (equal values by their text), then all other names lexicographically by UTF-16 code unit
 * ({@link String#compareTo}). So labels {@code 10, 9, 1} give classes {@code 1, 9, 10} and labels
 * {@code b, a, 2} give {@code 2, a, b}.
 */
public final class ClassNames {
    /** The documented order of {@link #sorted}. */
    public static final Comparator<String> ORDER = ClassNames::compare;

    /**
     * Bounds on the labels of a training file taken as classes, checked before any one-hot target
     * is built: a numeric target column read as class names gives one class per distinct value, and
     * rows × classes target values.
     *
     * @param maxClasses the most distinct labels taken as classes, ≥ 2
     * @param refuseContinuous whether to refuse labels that look like a continuous target: all
     *     decimal numbers, more than {@value #CONTINUOUS_CLASSES} distinct and more distinct
     *     values than half the rows
     * @param advice what a refusal tells the reader to do, ending its message (a command line
     *     names its own flags)
     */
    public record Limit(int maxClasses, boolean refuseContinuous, String advice) {
        /** Fewer distinct numeric labels than this are taken as classes whatever the rows. */
        public static final int CONTINUOUS_CLASSES = 50;

        /** At most 1000 classes, continuous-looking labels refused. */
        public static final Limit DEFAULT = new Limit(1000, true,
                "read the column as numeric targets (regression), or raise the class limit");

        /**
         * Checks the bound.
         *
         * @param maxClasses the most distinct labels taken as classes, ≥ 2
         * @param refuseContinuous whether to refuse labels that look like a continuous target
         * @param advice what a refusal tells the reader to do
         * @throws IllegalArgumentException if maxClasses is below 2 or advice is null
         */
        public Limit {
            if (maxClasses < 2 || advice == null) {
                throw new IllegalArgumentException("a class limit needs maxClasses >= 2 and advice, got "
                        + maxClasses + " and " + advice);
            }
        }
    }

    private final List<String> names;
    private final Map<String, Integer> index;

    private ClassNames(List<String> names) {
        this.names = List.copyOf(names);
        this.index = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            if (index.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("class name '" + this.names.get(i) + "' appears twice");
            }
        }
    }

    /**
     * Class names in the given order, as stored in a model file.
     *
     * @param names distinct names, output i's name at i
     * @return the class names
     * @throws IllegalArgumentException if a name appears twice
     */
    public static ClassNames of(List<String> names) {
        return new ClassNames(names);
    }

    /**
     * The distinct labels in the documented {@link #ORDER}.
     *
     * @param labels labels, repeats allowed
     * @return the class names
     */
    public static ClassNames sorted(Collection<String> labels) {
        TreeSet<String> set = new TreeSet<>(ORDER);
        set.addAll(labels);
        return new ClassNames(new ArrayList<>(set));
    }

    /**
     * Refuses the distinct labels of a training file's label column past a {@link Limit}.
     *
     * @param labels the distinct labels
     * @param rows the rows they were read from
     * @param limit the bound
     * @param file the file, for the message
     * @param column the label column's name, for the message
     * @throws InputFormatException "file: column 'y' holds 29997 distinct labels in 30000 rows, …;
     *     advice"
     */
    public static void check(Collection<String> labels, long rows, Limit limit, Path file, String column)
            throws InputFormatException {
        int n = labels.size();
        boolean numbers = labels.stream().allMatch(l -> number(l) != null);
        String what = file + ": column '" + column + "' holds " + n + " distinct labels in " + rows + " rows";
        if (n > limit.maxClasses()) {
            throw new InputFormatException(what + (numbers ? ", all numbers," : "") + " and more than "
                    + limit.maxClasses() + " classes are refused; " + limit.advice());
        }
        if (limit.refuseContinuous() && numbers && n > Limit.CONTINUOUS_CLASSES && 2L * n > rows) {
            throw new InputFormatException(what + ", all numbers and more than half of them distinct, as a "
                    + "continuous target's are; " + limit.advice());
        }
    }

    /**
     * Refuses a label that would print as something else: one with a control character (ESC,
     * BEL, a carriage return) could act on the terminal it is shown on. A tab, which a quoted
     * cell of a tab-separated file may hold, only moves the text on, and is taken.
     *
     * @param label a label cell
     * @param file the file, for the message
     * @param line its 1-based line, for the message
     * @param column the label column's name, for the message
     * @throws InputFormatException "file:LINE: column 'y': label 'a\u001B[31m' holds a control character …"
     */
    public static void checkPrintable(String label, Path file, long line, String column)
            throws InputFormatException {
        if (label.chars().anyMatch(c -> c != '\t' && Printable.escaped((char) c))) {
            throw new InputFormatException(file + ":" + line + ": column '" + column + "': label '" + label
                    + "' holds a control character; expected class names of printable characters");
        }
    }

    /**
     * Labels that are distinct classes but may not be meant as such, one line each: two labels of
     * equal numeric value ({@code "1"} and {@code "1.0"}), and {@code "NaN"}, which a numeric
     * column would hold for a missing value.
     *
     * @return the warnings, empty when there is nothing to say
     */
    public List<String> doubts() {
        List<String> out = new ArrayList<>();
        Map<BigDecimal, String> byValue = new HashMap<>();
        List<String> pairs = new ArrayList<>();
        for (String name : names) {
            BigDecimal v = number(name);
            if (v != null) {
                String first = byValue.putIfAbsent(v.stripTrailingZeros(), name);
                if (first != null) {
                    pairs.add("\"" + Printable.escape(first) + "\" and \"" + Printable.escape(name) + "\"");
                }
            }
        }
        if (!pairs.isEmpty()) {
            out.add("labels " + pairs.get(0) + " are different classes, though equal as numbers"
                    + (pairs.size() > 1 ? " (and " + (pairs.size() - 1) + " more such pairs)" : "")
                    + "; write each class one way");
        }
        for (String name : names) {
            if (name.equalsIgnoreCase("nan")) {
                out.add("label \"" + name + "\" is taken as a class name, not as a missing value");
            }
        }
        return out;
    }

    /** @return the names, output i's at i (unmodifiable) */
    public List<String> names() {
        return names;
    }

    /** @return the number of classes */
    public int size() {
        return names.size();
    }

    /**
     * @param i class index
     * @return its name
     */
    public String name(int i) {
        return names.get(i);
    }

    /**
     * @param label a class name
     * @return its index, or −1 if it is not one of these classes
     */
    public int indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? -1 : i;
    }

    /**
     * The index of a label read from a file, failing for a class the model was not trained on.
     *
     * @param label the label cell
     * @param file the file, for the message
     * @param line its 1-based line, for the message
     * @return the class index
     * @throws InputFormatException "file:LINE: class 'xyz' was not seen in training; known classes: …"
     */
    public int require(String label, Path file, long line) throws InputFormatException {
        int i = indexOf(label);
        if (i < 0) {
            throw new InputFormatException(file + ":" + line + ": class '" + label
                    + "' was not seen in training; known classes: " + Printable.list(names));
        }
        return i;
    }

    /**
     * The name of the class decided by an output vector (largest value; one output: 1 if ≥ 0.5).
     *
     * @param v outputs
     * @param off offset of the case's outputs
     * @param n outputs per case
     * @return the class name
     */
    public String decide(float[] v, int off, int n) {
        return names.get(Classes.argmax(v, off, n));
    }

    @Override
    public String toString() {
        return names.toString();
    }

    private static int compare(String a, String b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            int c = x.compareTo(y);
            return c != 0 ? c : a.compareTo(b);
        }
        if (x != null || y != null) {
            return x != null ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static BigDecimal number(String s) {
        if (!CsvCells.numeric(s)) {
            return null;
        }
        try {
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
