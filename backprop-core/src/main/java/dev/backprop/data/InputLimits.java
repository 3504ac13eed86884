package dev.backprop.data;

/**
 * Bounds on what one data file can make a reader hold, checked while reading so that a file of
 * one endless line, a device such as {@code /dev/zero} or a small gzip file that expands a
 * thousandfold is refused with one line instead of filling the memory. The refusals name the
 * command line's flags that set these bounds, {@code --max-line-bytes} and
 * {@code --max-gzip-ratio}, since most readers are run from there.
 *
 * @param maxLineBytes the longest CSV line, in bytes of the (decompressed) file without its line
 *     break; a longer line is refused before it is held whole, ≥ 1
 * @param maxGzipRatio how many times its compressed size a gzip file may expand to: past the
 *     first {@link #RATIO_FREE_BYTES} decompressed bytes, reading stops once the decompressed
 *     bytes exceed this multiple of the compressed bytes read so far, ≥ 1
 */
public record InputLimits(long maxLineBytes, long maxGzipRatio) {
    /** The default line cap: 16 MiB, far above any real row and far below the memory. */
    public static final long DEFAULT_MAX_LINE_BYTES = 1L << 24;

    /**
     * The default expansion cap: real data compresses 3 to 20 times, deflate reaches at most about
     * 1032 times, and only crafted or degenerate content (one value repeated) comes close to that.
     */
    public static final long DEFAULT_MAX_GZIP_RATIO = 100;

    /** Decompressed bytes read before the ratio is checked, so that small files may expand freely. */
    public static final long RATIO_FREE_BYTES = 1L << 20;

    /**
     * Checks the bounds.
     *
     * @param maxLineBytes the longest CSV line in bytes, ≥ 1
     * @param maxGzipRatio the largest expansion of a gzip file, ≥ 1
     * @throws IllegalArgumentException if a bound is below 1
     */
    public InputLimits {
        if (maxLineBytes < 1 || maxGzipRatio < 1) {
            throw new IllegalArgumentException("input limits must be >= 1, got max line bytes " + maxLineBytes
                    + " and max gzip ratio " + maxGzipRatio);
        }
    }

    /** @return the default limits: lines of at most 16 MiB, gzip expansion at most 100 times */
    public static InputLimits defaults() {
        return new InputLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_GZIP_RATIO);
    }
}
