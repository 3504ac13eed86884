package dev.backprop.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature scaling of inputs, fitted on the training data only and then applied unchanged to
 * validation, test and prediction inputs, and stored in model files as it is here.
 *
 * <p>Every kind maps {@code x' = (x − offset) / scale}, computed in float32 with the stored float32
 * parameters, so a scaler restored from its {@link #kind()}, {@link #offsets()} and {@link #scales()}
 * gives bit-identical results. Values outside the training range are not clamped: min-max scaling
 * maps them outside [0, 1].
 *
 * <p>A scale's magnitude is at least {@link #MIN_SCALE}, 1e-30: dividing by a smaller one would
 * overflow float32 (about 3.4e38) for inputs a few hundred million from the offset, and a scale of
 * 1e-45 turns any input but the offset itself into infinity. Fitting gives a column whose range or
 * standard deviation is below it the scale 1, as a constant column.
 *
 * @param kind {@link #NONE}, {@link #MINMAX} or {@link #STANDARD}
 * @param offsets per feature, subtracted first: the minimum or the mean (empty for none; the
 *        accessor returns a copy)
 * @param scales per feature, divided by after: the range or the standard deviation (empty for none;
 *        the accessor returns a copy)
 */
public record Scaler(String kind, float[] offsets, float[] scales) {
    /** No scaling. */
    public static final String NONE = "none";
    /** Min-max scaling to [0, 1] on the training data. */
    public static final String MINMAX = "minmax";
    /** Standardisation to mean 0 and standard deviation 1 on the training data. */
    public static final String STANDARD = "standard";

    /** The smallest magnitude of a scale: inputs within 3.4e8 of the offset scale to finite float32 values. */
    public static final float MIN_SCALE = 1e-30f;

    private static final Scaler IDENTITY = new Scaler(NONE, new float[0], new float[0]);

    /**
     * Checks and copies the parameters.
     *
     * @param kind {@code none}, {@code minmax} or {@code standard}
     * @param offsets per feature, finite; empty for {@code none}
     * @param scales per feature, finite and of magnitude at least {@link #MIN_SCALE}, as many as
     *        offsets; empty for {@code none}
     * @throws IllegalArgumentException if the kind is unknown, {@code none} has entries, the
     *         arrays differ in length or are empty for another kind, a value is not finite or a
     *         scale is smaller than {@link #MIN_SCALE}
     * @throws NullPointerException if a part is null
     */
    public Scaler {
        Objects.requireNonNull(kind, "kind");
        offsets = Objects.requireNonNull(offsets, "offsets").clone();
        scales = Objects.requireNonNull(scales, "scales").clone();
        if (!kind.equals(NONE) && !kind.equals(MINMAX) && !kind.equals(STANDARD)) {
            throw unknown(kind);
        }
        if (kind.equals(NONE) ? offsets.length != 0 || scales.length != 0
                : offsets.length == 0 || offsets.length != scales.length) {
            throw new IllegalArgumentException("scaler '" + kind + "' needs " + (kind.equals(NONE)
                    ? "no offsets and scales" : "one offset and one scale per feature")
                    + ", got " + offsets.length + " offsets and " + scales.length + " scales");
        }
        for (int j = 0; j < offsets.length; j++) {
            if (!Float.isFinite(offsets[j]) || !Float.isFinite(scales[j]) || !(Math.abs(scales[j]) >= MIN_SCALE)) {
                throw new IllegalArgumentException("scaler '" + kind + "': feature " + j + " has offset "
                        + offsets[j] + " and scale " + scales[j] + "; both must be finite and the scale at least "
                        + MIN_SCALE + " in magnitude");
            }
        }
    }

    /** @return the scaler that leaves inputs as they are */
    public static Scaler none() {
        return IDENTITY;
    }

    /**
     * Fits a scaler of the named kind to training inputs.
     *
     * @param kind {@code none}, {@code minmax} or {@code standard}
     * @param train the training data (only its inputs are used)
     * @return the fitted scaler
     * @throws IllegalArgumentException for an unknown kind
     */
    public static Scaler fit(String kind, Dataset train) {
        switch (kind) {
            case NONE: return none();
            case MINMAX: return fitMinMax(train);
            case STANDARD: return fitStandard(train);
            default: throw unknown(kind);
        }
    }

    /**
     * Min-max scaling: offset the column's minimum, scale its range (max − min, rounded to
     * float32); constant columns (range below {@link #MIN_SCALE}) get scale 1 and so map to 0.
     *
     * @param train training data
     * @return the scaler fitted to its inputs
     */
    public static Scaler fitMinMax(Dataset train) {
        int w = train.inputs();
        float[] x = train.x();
        float[] min = new float[w];
        float[] max = new float[w];
        System.arraycopy(x, 0, min, 0, w);
        System.arraycopy(x, 0, max, 0, w);
        for (int c = 1; c < train.size(); c++) {
            for (int j = 0; j < w; j++) {
                float v = x[c * w + j];
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        float[] scale = new float[w];
        for (int j = 0; j < w; j++) {
            float range = (float) ((double) max[j] - min[j]);
            scale[j] = range >= MIN_SCALE && Float.isFinite(range) ? range : 1f;
        }
        return new Scaler(MINMAX, min, scale);
    }

    /**
     * Standardisation: offset the column's mean, scale its standard deviation (population, divided
     * by n), both accumulated in double and rounded to float32; constant columns (deviation below
     * {@link #MIN_SCALE}) get scale 1.
     *
     * @param train training data
     * @return the scaler fitted to its inputs
     */
    public static Scaler fitStandard(Dataset train) {
        int w = train.inputs();
        int n = train.size();
        float[] x = train.x();
        double[] mean = new double[w];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < w; j++) {
                mean[j] += x[c * w + j];
            }
        }
        for (int j = 0; j < w; j++) {
            mean[j] /= n;
        }
        double[] ss = new double[w];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < w; j++) {
                double d = x[c * w + j] - mean[j];
                ss[j] += d * d;
            }
        }
        float[] offset = new float[w];
        float[] scale = new float[w];
        for (int j = 0; j < w; j++) {
            offset[j] = (float) mean[j];
            float sd = (float) Math.sqrt(ss[j] / n);
            scale[j] = sd >= MIN_SCALE && Float.isFinite(sd) ? sd : 1f;
        }
        return new Scaler(STANDARD, offset, scale);
    }

    private static IllegalArgumentException unknown(String kind) {
        return new IllegalArgumentException("unknown scaler '" + kind + "'; expected none, minmax or standard");
    }

    /**
     * Scales case-major inputs in place: x' = (x − offset) / scale in float32 (nothing for
     * {@code none}).
     *
     * @param x cases × width values
     * @param cases number of cases
     * @param width values per case; must match the fitted width
     * @throws IllegalArgumentException if the width or length does not match
     */
    public void apply(float[] x, int cases, int width) {
        if (kind.equals(NONE)) {
            return;
        }
        if (width != offsets.length) {
            throw new IllegalArgumentException("scaler was fitted to " + offsets.length + " features, got width "
                    + width);
        }
        if (cases < 0 || x.length < (long) cases * width) {
            throw new IllegalArgumentException("got " + x.length + " values for " + cases + " cases × " + width);
        }
        for (int c = 0; c < cases; c++) {
            int base = c * width;
            for (int j = 0; j < width; j++) {
                x[base + j] = (x[base + j] - offsets[j]) / scales[j];
            }
        }
    }

    /** @return a copy of the per-feature offsets */
    @Override
    public float[] offsets() {
        return offsets.clone();
    }

    /** @return a copy of the per-feature scales */
    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && kind.equals(s.kind) && Arrays.equals(offsets, s.offsets)
                && Arrays.equals(scales, s.scales);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(offsets), Arrays.hashCode(scales));
    }

    @Override
    public String toString() {
        return "Scaler[" + kind + ", " + offsets.length + " features]";
    }
}
