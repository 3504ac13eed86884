package dev.backprop.data;

/** Checks and applies the per-feature parameters shared by the {@link Scaler} kinds. */
final class ScalerParams {
    private ScalerParams() {
    }

    /**
     * @param offsets per-feature offsets, finite
     * @param scales per-feature scales, finite and non-zero, as many as offsets
     * @return a copy of offsets
     * @throws IllegalArgumentException naming the first bad value or the lengths that disagree
     */
    static float[] check(float[] offsets, float[] scales) {
        if (offsets == null || scales == null) {
            throw new IllegalArgumentException("scaler offsets and scales must be given");
        }
        if (offsets.length != scales.length || offsets.length == 0) {
            throw new IllegalArgumentException("scaler has " + offsets.length + " offsets and " + scales.length
                    + " scales; expected the same number, at least 1");
        }
        for (int j = 0; j < offsets.length; j++) {
            if (!Float.isFinite(offsets[j]) || !Float.isFinite(scales[j]) || scales[j] == 0f) {
                throw new IllegalArgumentException("scaler feature " + j + " has offset " + offsets[j] + " and scale "
                        + scales[j] + "; expected finite values and a non-zero scale");
            }
        }
        return offsets.clone();
    }

    /** x' = (x − offset) / scale in float32, in place, for cases × width values. */
    static void apply(float[] offsets, float[] scales, float[] x, int cases, int width) {
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
}
