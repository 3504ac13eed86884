package dev.backprop.data;

/** Class decisions from output or target vectors. */
public final class Classes {
    private Classes() {
    }

    /**
     * The index of the largest value in {@code v[off .. off+n)}, the first one on ties; with
     * {@code n == 1}, a single sigmoid output, 1 if v ≥ 0.5 and 0 otherwise.
     *
     * @param v values
     * @param off offset
     * @param n count
     * @return the class
     */
    public static int argmax(float[] v, int off, int n) {
        if (n == 1) {
            return v[off] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int d = 1; d < n; d++) {
            if (v[off + d] > v[off + best]) {
                best = d;
            }
        }
        return best;
    }
}
