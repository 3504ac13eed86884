package dev.backprop.math;

/** Checks and copies of user-given arrays, with messages that name the row and the shape. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Copies rows into one case-major array, checking widths and finiteness.
     *
     * @param rows one case per row
     * @param width the required row length
     * @param what "input" or "target", for messages
     * @return rows.length × width values, row after row
     * @throws IllegalArgumentException naming the row (and column) that is wrong and what was expected
     */
    public static float[] flatten(float[][] rows, int width, String what) {
        float[] flat = new float[Math.multiplyExact(rows.length, width)];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null || row.length != width) {
                throw new IllegalArgumentException(what + " row " + r + " has "
                        + (row == null ? "no" : String.valueOf(row.length)) + " values; expected " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException(what + " row " + r + ", column " + j + " is " + row[j]
                            + "; expected a finite number");
                }
            }
            System.arraycopy(row, 0, flat, r * width, width);
        }
        return flat;
    }

    /**
     * Checks that a case-major array holds only finite values.
     *
     * @param values cases × width values
     * @param width values per case
     * @param what "input" or "target", for messages
     * @throws IllegalArgumentException naming the first bad row and column
     */
    public static void requireFinite(float[] values, int width, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " row " + (i / width) + ", column " + (i % width) + " is "
                        + values[i] + "; expected a finite number");
            }
        }
    }
}
