package dev.backprop.data;

import java.util.Arrays;

/**
 * Per-feature scaling of inputs, fitted on the training data only and then applied unchanged to
 * validation, test and prediction inputs.
 *
 * <p>Every scaler maps {@code x' = (x − offset) / scale}, computed in float32 with the stored
 * float32 parameters, so a scaler restored with {@link #of} from its {@link #offsets()} and
 * {@link #scales()} gives bit-identical results. Values outside the training range are not
 * clamped: min-max scaling maps them outside [0, 1].
 */
public sealed interface Scaler permits Scaler.None, Scaler.MinMax, Scaler.Standard {

    /** @return the scaler's name, as stored in a model file: "none", "minmax" or "standard" */
    String name();

    /** @return a copy of the per-feature offsets, subtracted first (empty for none) */
    float[] offsets();

    /** @return a copy of the per-feature scales, divided by after (empty for none) */
    float[] scales();

    /**
     * Scales case-major inputs in place.
     *
     * @param x cases × width values
     * @param cases number of cases
     * @param width values per case; must match the fitted width
     * @throws IllegalArgumentException if the width or length does not match
     */
    void apply(float[] x, int cases, int width);

    /** @return the scaler that leaves inputs as they are */
    static Scaler none() {
        return None.INSTANCE;
    }

    /**
     * Fits a scaler of the named kind to training inputs.
     *
     * @param name "none", "minmax" or "standard"
     * @param train the training data (only its inputs are used)
     * @return the fitted scaler
     * @throws IllegalArgumentException for an unknown name
     */
    static Scaler fit(String name, Dataset train) {
        switch (name) {
            case "none": return none();
            case "minmax": return MinMax.fit(train);
            case "standard": return Standard.fit(train);
            default: throw new IllegalArgumentException("unknown scaler '" + name + "'; expected none, minmax or "
                    + "standard");
        }
    }

    /**
     * Restores a scaler from its name and parameters, e.g. from a model file.
     *
     * @param name "none", "minmax" or "standard"
     * @param offsets per-feature offsets (ignored, may be null, for none)
     * @param scales per-feature scales, finite and non-zero (ignored, may be null, for none)
     * @return the scaler
     * @throws IllegalArgumentException for an unknown name or bad parameters
     */
    static Scaler of(String name, float[] offsets, float[] scales) {
        switch (name) {
            case "none": return none();
            case "minmax": return new MinMax(offsets, scales);
            case "standard": return new Standard(offsets, scales);
            default: throw new IllegalArgumentException("unknown scaler '" + name + "'; expected none, minmax or "
                    + "standard");
        }
    }

    /** Leaves inputs as they are. */
    final class None implements Scaler {
        static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String name() {
            return "none";
        }

        @Override
        public float[] offsets() {
            return new float[0];
        }

        @Override
        public float[] scales() {
            return new float[0];
        }

        @Override
        public void apply(float[] x, int cases, int width) {
            // nothing to do
        }

        @Override
        public String toString() {
            return "Scaler[none]";
        }
    }

    /**
     * Min-max scaling to [0, 1] on the training data: offset the column's minimum, scale its range
     * (max − min, rounded to float32); constant columns get scale 1 and so map to 0.
     *
     * @param offsets per-feature minimum (the accessor returns a copy)
     * @param scales per-feature range (the accessor returns a copy)
     */
    record MinMax(float[] offsets, float[] scales) implements Scaler {
        /**
         * Checks and copies the parameters.
         *
         * @param offsets per-feature offsets, finite
         * @param scales per-feature scales, finite and non-zero
         * @throws IllegalArgumentException for bad or mismatched parameters
         */
        public MinMax {
            offsets = ScalerParams.check(offsets, scales);
            scales = scales.clone();
        }

        /**
         * @param train training data
         * @return the scaler fitted to its inputs
         */
        public static MinMax fit(Dataset train) {
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
                scale[j] = range > 0 && Float.isFinite(range) ? range : 1f;
            }
            return new MinMax(min, scale);
        }

        @Override
        public String name() {
            return "minmax";
        }

        @Override
        public float[] offsets() {
            return offsets.clone();
        }

        @Override
        public float[] scales() {
            return scales.clone();
        }

        @Override
        public void apply(float[] x, int cases, int width) {
            ScalerParams.apply(offsets, scales, x, cases, width);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MinMax m && Arrays.equals(offsets, m.offsets)
                    && Arrays.equals(scales, m.scales);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(scales);
        }

        @Override
        public String toString() {
            return "Scaler[minmax, " + offsets.length + " features]";
        }
    }

    /**
     * Standardization: offset the column's mean, scale its standard deviation (population, divided
     * by n), both accumulated in double and rounded to float32; constant columns get scale 1.
     *
     * @param offsets per-feature mean (the accessor returns a copy)
     * @param scales per-feature standard deviation (the accessor returns a copy)
     */
    record Standard(float[] offsets, float[] scales) implements Scaler {
        /**
         * Checks and copies the parameters.
         *
         * @param offsets per-feature offsets, finite
         * @param scales per-feature scales, finite and non-zero
         * @throws IllegalArgumentException for bad or mismatched parameters
         */
        public Standard {
            offsets = ScalerParams.check(offsets, scales);
            scales = scales.clone();
        }

        /**
         * @param train training data
         * @return the scaler fitted to its inputs
         */
        public static Standard fit(Dataset train) {
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
                scale[j] = sd > 0 && Float.isFinite(sd) ? sd : 1f;
            }
            return new Standard(offset, scale);
        }

        @Override
        public String name() {
            return "standard";
        }

        @Override
        public float[] offsets() {
            return offsets.clone();
        }

        @Override
        public float[] scales() {
            return scales.clone();
        }

        @Override
        public void apply(float[] x, int cases, int width) {
            ScalerParams.apply(offsets, scales, x, cases, width);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Standard s && Arrays.equals(offsets, s.offsets)
                    && Arrays.equals(scales, s.scales);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(scales);
        }

        @Override
        public String toString() {
            return "Scaler[standard, " + offsets.length + " features]";
        }
    }
}
