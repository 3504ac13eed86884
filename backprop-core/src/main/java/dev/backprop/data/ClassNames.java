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
                    + "' was not seen in training; known classes: " + String.join(", ", names));
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
