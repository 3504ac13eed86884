package dev.backprop.metrics;

/**
 * Mean squared error and the coefficient of determination R² of predictions against targets,
 * over all output columns together, and per column.
 */
public final class RegressionMetrics {
    private final int outputs;
    private final double[] sse;
    private final double[] sum;
    private final double[] sumSq;
    private long cases;

    /**
     * @param outputs values per case, ≥ 1
     */
    public RegressionMetrics(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("regression metrics need >= 1 output, got " + outputs);
        }
        this.outputs = outputs;
        sse = new double[outputs];
        sum = new double[outputs];
        sumSq = new double[outputs];
    }

    /**
     * Adds cases.
     *
     * @param predicted predictions, case-major
     * @param actual targets, case-major
     * @param n number of cases
     */
    public void add(float[] predicted, float[] actual, int n) {
        for (int c = 0; c < n; c++) {
            for (int d = 0; d < outputs; d++) {
                double p = predicted[c * outputs + d];
                double y = actual[c * outputs + d];
                sse[d] += (p - y) * (p - y);
                sum[d] += y;
                sumSq[d] += y * y;
            }
        }
        cases += n;
    }

    /** @return mean over cases and columns of (prediction − target)² */
    public double mse() {
        double s = 0;
        for (double v : sse) {
            s += v;
        }
        return s / ((double) cases * outputs);
    }

    /**
     * @param d output column
     * @return mean squared error of column d
     */
    public double mse(int d) {
        return sse[d] / cases;
    }

    /**
     * @param d output column
     * @return 1 − SS_res / SS_tot for column d (NaN if the targets are constant)
     */
    public double r2(int d) {
        double mean = sum[d] / cases;
        double ssTot = sumSq[d] - cases * mean * mean;
        return ssTot <= 0 ? Double.NaN : 1 - sse[d] / ssTot;
    }

    /** @return the mean of the per-column R² (as scikit-learn's uniform average) */
    public double r2() {
        double s = 0;
        for (int d = 0; d < outputs; d++) {
            s += r2(d);
        }
        return s / outputs;
    }

    /** @return cases added */
    public long cases() {
        return cases;
    }
}
