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
        int k = counts.length;
        String[] label = new String[k];
        int width = 5;
        for (int i = 0; i < k; i++) {
            label[i] = names == null ? String.valueOf(i) : names[i];
            width = Math.max(width, label[i].length());
        }
        for (long[] row : counts) {
            for (long v : row) {
                width = Math.max(width, Long.toString(v).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String cell = "%" + (width + 1) + "s";
        sb.append(String.format(Locale.ROOT, cell, "")).append("  predicted →\n");
        sb.append(String.format(Locale.ROOT, cell, "actual"));
        for (int j = 0; j < k; j++) {
            sb.append(String.format(Locale.ROOT, cell, label[j]));
        }
        sb.append('\n');
        for (int i = 0; i < k; i++) {
            sb.append(String.format(Locale.ROOT, cell, label[i]));
            for (int j = 0; j < k; j++) {
                sb.append(String.format(Locale.ROOT, cell, counts[i][j]));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, cell + " %9s %9s %9s%n", "class", "precision", "recall", "f1"));
        for (int i = 0; i < k; i++) {
            sb.append(String.format(Locale.ROOT, cell + " %9.4f %9.4f %9.4f%n", label[i], precision(i), recall(i), f1(i)));
        }
        sb.append(String.format(Locale.ROOT, "accuracy %.4f, macro F1 %.4f%n", accuracy(), macroF1()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return format(null);
    }
}
