package dev.backprop.metrics;

import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs, with accuracy and per-class precision, recall
 * and F1. Row = actual class, column = predicted class.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private long total;

    /**
     * @param classes number of classes, ≥ 1
     */
    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs >= 1 class, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * Counts one case.
     *
     * @param actual its true class
     * @param predicted the predicted class
     */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
        total++;
    }

    /** @return the number of classes */
    public int classes() {
        return counts.length;
    }

    /**
     * @param actual true class
     * @param predicted predicted class
     * @return how many cases of class {@code actual} were predicted as {@code predicted}
     */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** @return the number of cases counted */
    public long total() {
        return total;
    }

    /** @return share of cases on the diagonal (NaN when empty) */
    public double accuracy() {
        long right = 0;
        for (int k = 0; k < counts.length; k++) {
            right += counts[k][k];
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /**
     * @param k class
     * @return TP / (TP + FP): of the cases predicted k, the share that are k (NaN if none predicted k)
     */
    public double precision(int k) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[k];
        }
        return predicted == 0 ? Double.NaN : (double) counts[k][k] / predicted;
    }

    /**
     * @param k class
     * @return TP / (TP + FN): of the cases of class k, the share predicted k (NaN if there are none)
     */
    public double recall(int k) {
        long actual = 0;
        for (long v : counts[k]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) counts[k][k] / actual;
    }

    /**
     * @param k class
     * @return the harmonic mean of precision and recall (0 when both are 0, NaN when either is undefined)
     */
    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The unweighted mean of the per-class F1 scores, as scikit-learn's
     * {@code f1_score(average="macro")} computes it: over every class that occurs among the actual
     * or the predicted classes, F1 = 2 TP / (2 TP + FP + FN), which is 0 for a class that is never
     * predicted (its precision undefined) or never predicted right. Leaving such classes out
     * instead would reward a model that predicts one class for every case (0.5 on iris in place
     * of scikit-learn's 1/6). Classes with no case at all, actual or predicted, are left out.
     *
     * @return macro F1, or NaN when there are no cases
     */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < counts.length; k++) {
            long tp = counts[k][k];
            long fn = 0;
            long fp = 0;
            for (int j = 0; j < counts.length; j++) {
                if (j != k) {
                    fn += counts[k][j];
                    fp += counts[j][k];
                }
            }
            if (tp + fp + fn > 0) {
                sum += 2.0 * tp / (2 * tp + fp + fn);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * A text table of the counts followed by precision, recall and F1 per class.
     *
     * @param names class names, or null for 0, 1, ...
     * @return the table
     */
    public String format(String[] names) {
        return format(names, counts.length);
    }

    /**
     * A text table of the counts followed by precision, recall and F1 per class, over at most
     * {@code maxClasses} classes: with more, those of {@link #largest}, and a line saying how many
     * were left out (accuracy and macro F1 still cover them all), so that the table of thousands
     * of classes stays a screen, not millions of cells.
     *
     * @param names class names, or null for 0, 1, ...
     * @param maxClasses the most classes shown, ≥ 1
     * @return the table
     */
    public String format(String[] names, int maxClasses) {
        int[] shown = largest(maxClasses);
        String[] label = new String[shown.length];
        int width = 5;
        for (int i = 0; i < shown.length; i++) {
            label[i] = names == null ? String.valueOf(shown[i]) : names[shown[i]];
            width = Math.max(width, label[i].length());
        }
        for (int a : shown) {
            for (int p : shown) {
                width = Math.max(width, Long.toString(counts[a][p]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String cell = "%" + (width + 1) + "s";
        sb.append(String.format(Locale.ROOT, cell, "")).append("  predicted →\n");
        sb.append(String.format(Locale.ROOT, cell, "actual"));
        for (String l : label) {
            sb.append(String.format(Locale.ROOT, cell, l));
        }
        sb.append('\n');
        for (int i = 0; i < shown.length; i++) {
            sb.append(String.format(Locale.ROOT, cell, label[i]));
            for (int p : shown) {
                sb.append(String.format(Locale.ROOT, cell, counts[shown[i]][p]));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, cell + " %9s %9s %9s%n", "class", "precision", "recall", "f1"));
        for (int i = 0; i < shown.length; i++) {
            int k = shown[i];
            sb.append(String.format(Locale.ROOT, cell + " %9.4f %9.4f %9.4f%n", label[i], precision(k), recall(k), f1(k)));
        }
        if (shown.length < counts.length) {
            sb.append(leftOut(shown.length)).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "accuracy %.4f, macro F1 %.4f%n", accuracy(), macroF1()));
        return sb.toString();
    }

    /**
     * The classes a table of at most {@code n} shows: all of them when there are no more, else the
     * n with the most actual cases (ties: the lower index), in class order.
     *
     * @param n the most classes, ≥ 1
     * @return class indices, ascending
     */
    public int[] largest(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a table shows >= 1 class, got " + n);
        }
        int k = counts.length;
        Integer[] order = new Integer[k];
        long[] support = new long[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
            for (long v : counts[c]) {
                support[c] += v;
            }
        }
        if (k > n) {
            java.util.Arrays.sort(order, (a, b) -> support[a] != support[b] ? Long.compare(support[b], support[a])
                    : Integer.compare(a, b));
        }
        int[] shown = new int[Math.min(n, k)];
        for (int i = 0; i < shown.length; i++) {
            shown[i] = order[i];
        }
        java.util.Arrays.sort(shown);
        return shown;
    }

    /**
     * @param shown how many classes a table shows
     * @return the line that says what it left out: "(the 30 classes with the most cases of 5000 are shown; 4970 left out)"
     */
    public String leftOut(int shown) {
        return String.format(Locale.ROOT, "(the %d classes with the most cases of %d are shown; %d left out)", shown,
                counts.length, counts.length - shown);
    }

    @Override
    public String toString() {
        return format(null);
    }
}
