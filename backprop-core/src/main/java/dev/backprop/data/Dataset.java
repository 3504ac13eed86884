package dev.backprop.data;

import dev.backprop.math.Rng;
import dev.backprop.math.Shapes;

import java.util.Arrays;

/**
 * Cases for training or evaluation: inputs x and desired outputs y, held case after case in two
 * float32 arrays (case c's inputs at {@code c * inputs()}), so that a chunk of cases is the seed's
 * matrix with one column per case. All values are finite. Immutable by convention: the arrays are
 * shared, not copied, by {@link #x()} and {@link #y()}. The arrays hold at least {@code size()}
 * cases; a part made by {@link #splitInPlace} keeps the whole arrays and uses their first
 * {@code size()} rows, so read them by {@code size()}, not by their length.
 */
public final class Dataset {
    private final float[] x;
    private final float[] y;
    private final int size;
    private final int inputs;
    private final int outputs;

    /**
     * @param x inputs, case-major, {@code size × inputs} finite values
     * @param y desired outputs, case-major, {@code size × outputs} finite values
     * @param size number of cases, ≥ 1
     * @param inputs values per input
     * @param outputs values per desired output
     * @throws IllegalArgumentException naming the first non-finite row, or the lengths that disagree
     */
    public Dataset(float[] x, float[] y, int size, int inputs, int outputs) {
        if (size < 1 || inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("a data set needs >= 1 case, input and output; got " + size + " cases, "
                    + inputs + " inputs, " + outputs + " outputs");
        }
        if (x.length != (long) size * inputs) {
            throw new IllegalArgumentException("inputs hold " + x.length + " values; expected " + size + " cases × "
                    + inputs + " = " + (long) size * inputs);
        }
        if (y.length != (long) size * outputs) {
            throw new IllegalArgumentException("targets hold " + y.length + " values; expected " + size + " cases × "
                    + outputs + " = " + (long) size * outputs);
        }
        Shapes.requireFinite(x, inputs, "input");
        Shapes.requireFinite(y, outputs, "target");
        this.x = x;
        this.y = y;
        this.size = size;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * @param x one input per row
     * @param y one desired output per row, as many rows as x
     * @return the data set
     */
    public static Dataset of(float[][] x, float[][] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("got " + x.length + " input rows but " + y.length + " target rows");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one case, got none");
        }
        int in = x[0] == null ? 0 : x[0].length;
        int out = y[0] == null ? 0 : y[0].length;
        return new Dataset(Shapes.flatten(x, in, "input"), Shapes.flatten(y, out, "target"), x.length, in, out);
    }

    /**
     * A classification data set with one-hot targets.
     *
     * @param x one input per row
     * @param labels the class of each row, in [0, classes)
     * @param classes the number of classes, ≥ 2
     * @return the data set
     */
    public static Dataset classification(float[][] x, int[] labels, int classes) {
        if (x.length != labels.length) {
            throw new IllegalArgumentException("got " + x.length + " input rows but " + labels.length + " labels");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one case, got none");
        }
        int in = x[0] == null ? 0 : x[0].length;
        return classification(Shapes.flatten(x, in, "input"), labels, in, classes);
    }

    /**
     * A classification data set with one-hot targets, from case-major inputs.
     *
     * @param x inputs, case-major
     * @param labels the class of each case, in [0, classes)
     * @param inputs values per input
     * @param classes the number of classes, ≥ 2
     * @return the data set
     */
    public static Dataset classification(float[] x, int[] labels, int inputs, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classification needs >= 2 classes, got " + classes);
        }
        float[] y = new float[Math.multiplyExact(labels.length, classes)];
        for (int c = 0; c < labels.length; c++) {
            if (labels[c] < 0 || labels[c] >= classes) {
                throw new IllegalArgumentException("label of row " + c + " is " + labels[c] + "; expected 0.."
                        + (classes - 1));
            }
            y[c * classes + labels[c]] = 1f;
        }
        return new Dataset(x, y, labels.length, inputs, classes);
    }

    /** A view of the first {@code size} rows of arrays that may hold more (see {@link #splitInPlace}). */
    private Dataset(float[] x, float[] y, int size, int inputs, int outputs, boolean view) {
        this.x = x;
        this.y = y;
        this.size = size;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** @return inputs, case-major (shared, do not modify) */
    public float[] x() {
        return x;
    }

    /** @return desired outputs, case-major (shared, do not modify) */
    public float[] y() {
        return y;
    }

    /** @return number of cases */
    public int size() {
        return size;
    }

    /** @return values per input */
    public int inputs() {
        return inputs;
    }

    /** @return values per desired output */
    public int outputs() {
        return outputs;
    }

    /**
     * @param c case index
     * @return a copy of case c's inputs
     */
    public float[] input(int c) {
        return Arrays.copyOfRange(x, c * inputs, (c + 1) * inputs);
    }

    /**
     * @param c case index
     * @return a copy of case c's desired outputs
     */
    public float[] target(int c) {
        return Arrays.copyOfRange(y, c * outputs, (c + 1) * outputs);
    }

    /**
     * Whether the targets are class labels: one-hot rows (several outputs, exactly one 1 and the
     * rest 0) or, with one output, only 0 and 1.
     *
     * @return true for a classification data set
     */
    public boolean isClassification() {
        if (outputs == 1) {
            for (int c = 0; c < size; c++) {
                if (y[c] != 0f && y[c] != 1f) {
                    return false;
                }
            }
            return true;
        }
        for (int c = 0; c < size; c++) {
            int ones = 0;
            for (int d = 0; d < outputs; d++) {
                float v = y[c * outputs + d];
                if (v == 1f) {
                    ones++;
                } else if (v != 0f) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The class of case c: the index of its largest target (with one output: 1 if ≥ 0.5, else 0).
     *
     * @param c case index
     * @return its class
     */
    public int label(int c) {
        return Classes.argmax(y, c * outputs, outputs);
    }

    /** @return the number of classes: outputs, or 2 for a single 0/1 output */
    public int classes() {
        return outputs == 1 ? 2 : outputs;
    }

    /**
     * The cases at the given indices, in that order (copied).
     *
     * @param indices case indices
     * @return a new data set
     */
    public Dataset subset(int[] indices) {
        float[] sx = new float[Math.multiplyExact(indices.length, inputs)];
        float[] sy = new float[Math.multiplyExact(indices.length, outputs)];
        for (int i = 0; i < indices.length; i++) {
            int c = indices[i];
            if (c < 0 || c >= size) {
                throw new IndexOutOfBoundsException("case " + c + " is outside 0.." + (size - 1));
            }
            System.arraycopy(x, c * inputs, sx, i * inputs, inputs);
            System.arraycopy(y, c * outputs, sy, i * outputs, outputs);
        }
        return new Dataset(sx, sy, indices.length, inputs, outputs);
    }

    /**
     * A seeded random split into two parts.
     *
     * @param fraction share of the cases in the second part, in (0, 1); at least one case goes to each part
     * @param seed the shuffling seed
     * @return the two parts, {@code [rest, fraction]}
     */
    public Dataset[] split(double fraction, long seed) {
        int[] order = splitOrder(fraction, seed);
        int first = order[size];
        return new Dataset[] {subset(Arrays.copyOfRange(order, 0, first)),
                subset(Arrays.copyOfRange(order, first, size))};
    }

    /**
     * The seeded case order of a split: a shuffled 0..size−1, followed by one more entry, the
     * number of cases in the first part.
     */
    private int[] splitOrder(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        }
        if (size < 2) {
            throw new IllegalArgumentException("cannot split a data set of " + size + " case");
        }
        int second = (int) Math.round(size * fraction);
        second = Math.max(1, Math.min(size - 1, second));
        int[] order = new int[size + 1];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order, size);
        order[size] = size - second;
        return order;
    }

    /**
     * The same seeded split as {@link #split}, the same cases in the same order, without a second
     * copy of the larger part: the rows are rearranged in place and the first part is a view of
     * this data set's arrays; only the second part is copied. For splitting data sets that take
     * most of the memory. This data set must not be used afterwards (its rows are reordered).
     *
     * @param fraction share of the cases in the second part, in (0, 1); at least one case goes to each part
     * @param seed the shuffling seed
     * @return the two parts, {@code [rest, fraction]}, equal to those of {@code split(fraction, seed)}
     */
    public Dataset[] splitInPlace(double fraction, long seed) {
        int[] order = splitOrder(fraction, seed);
        int first = order[size];
        Dataset tail = subset(Arrays.copyOfRange(order, first, size));
        // Gather in place: row i becomes the old row order[i], following each cycle of the permutation.
        boolean[] done = new boolean[size];
        float[] tx = new float[inputs];
        float[] ty = new float[outputs];
        for (int start = 0; start < size; start++) {
            if (done[start] || order[start] == start) {
                done[start] = true;
                continue;
            }
            System.arraycopy(x, start * inputs, tx, 0, inputs);
            System.arraycopy(y, start * outputs, ty, 0, outputs);
            int j = start;
            while (true) {
                done[j] = true;
                int k = order[j];
                if (k == start) {
                    System.arraycopy(tx, 0, x, j * inputs, inputs);
                    System.arraycopy(ty, 0, y, j * outputs, outputs);
                    break;
                }
                System.arraycopy(x, k * inputs, x, j * inputs, inputs);
                System.arraycopy(y, k * outputs, y, j * outputs, outputs);
                j = k;
            }
        }
        return new Dataset[] {new Dataset(x, y, first, inputs, outputs, true), tail};
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " cases, " + inputs + " inputs, " + outputs + " outputs]";
    }
}
