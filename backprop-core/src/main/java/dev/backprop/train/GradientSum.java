package dev.backprop.train;

import dev.backprop.math.Kernels;

/**
 * Sums the gradients of a batch's chunks in a fixed binary tree, so that the result depends only
 * on the chunk boundaries, never on threads or machines.
 *
 * <p>A batch is cut into chunks of a fixed number of cases (the last may be shorter); chunk k's
 * gradient is the sum of its cases' gradients in case order. The chunks are then combined like a
 * binary counter: two partial sums of 2^j chunks each, adjacent and aligned, are added into one of
 * 2^(j+1) chunks, and at the end the remaining partial sums are added from the smallest (latest)
 * to the largest. For n chunks the tree is therefore fixed by n alone, and a block of 2^j aligned
 * chunks is a complete subtree: a data-parallel trainer that gives each worker such blocks and
 * combines their sums in the same order gets the same bits.
 *
 * <p>A data-parallel trainer uses it on both sides: a worker that holds chunks [a, b) of a batch
 * sums each {@linkplain #subtree complete subtree} in it with its own {@code GradientSum} (chunk by
 * chunk with {@link #next()} and {@link #push()}, then {@link #finish}), and the driver adds the
 * workers' subtrees, keyed by their first chunk's index in the batch, with
 * {@link #push(int, int, float[])} in chunk order and finishes the tree.
 *
 * <p>Buffers are allocated on first use for the largest batch seen; later batches allocate nothing.
 * Not thread-safe.
 */
public final class GradientSum {
    private final Kernels kernels;
    private final int size;
    private float[][] level = new float[0][];
    private boolean[] full = new boolean[0];
    private float[] scratch;
    /** Chunks added since {@link #begin}: the index the next chunk or subtree must start at. */
    private int pushed;

    /**
     * @param kernels kernels for the additions
     * @param size length of one gradient vector
     */
    public GradientSum(Kernels kernels, int size) {
        this.kernels = kernels;
        this.size = size;
    }

    /**
     * Prepares for a batch of {@code chunks} chunks.
     *
     * @param chunks number of chunks, ≥ 1
     */
    public void begin(int chunks) {
        int levels = 1;
        while ((1L << (levels - 1)) < chunks) {
            levels++;
        }
        if (level.length < levels + 1) {
            float[][] grown = new float[levels + 1][];
            for (int j = 0; j < grown.length; j++) {
                grown[j] = j < level.length ? level[j] : new float[size];
            }
            level = grown;
            full = new boolean[levels + 1];
        }
        if (scratch == null) {
            scratch = new float[size];
        }
        java.util.Arrays.fill(full, false);
        pushed = 0;
    }

    /** @return the buffer to write the next chunk's gradient into (overwritten by the caller) */
    public float[] next() {
        return scratch;
    }

    /** Adds the chunk just written into {@link #next()} to the tree. */
    public void push() {
        carry(0);
    }

    /**
     * Adds the sum of chunks [first, first + chunks), a complete subtree, to the tree: the same
     * bits as pushing those chunks one by one.
     *
     * @param first index in the batch of the subtree's first chunk: the number of chunks added so far
     * @param chunks the subtree's chunks, {@code subtree(first, end)} for some end
     * @param sum the subtree's sum, as {@link #finish} gives it for those chunks alone; copied
     * @throws IllegalArgumentException if the chunks are not the next complete subtree
     */
    public void push(int first, int chunks, float[] sum) {
        if (first != pushed || chunks < 1 || Integer.bitCount(chunks) != 1 || first % chunks != 0
                || sum.length != size) {
            throw new IllegalArgumentException("chunks [" + first + ", " + (first + chunks) + ") of " + sum.length
                    + " values are not the next complete subtree (" + pushed + " chunks of " + size + " added)");
        }
        int j = Integer.numberOfTrailingZeros(chunks);
        if (j >= full.length) {
            throw new IllegalArgumentException("a subtree of " + chunks + " chunks is larger than the batch begun");
        }
        System.arraycopy(sum, 0, scratch, 0, size);
        carry(j);
    }

    /**
     * The largest complete subtree that starts at chunk {@code first} and ends by {@code end}: its
     * size is the largest power of two that divides {@code first} (any, for 0) and fits. A worker
     * holding chunks [a, b) covers them with subtree(a, b) chunks from a, then from there on.
     *
     * @param first the subtree's first chunk, ≥ 0
     * @param end the chunk after the last that may be in it, > first
     * @return the subtree's number of chunks, a power of two
     */
    public static int subtree(int first, int end) {
        if (first < 0 || end <= first) {
            throw new IllegalArgumentException("no chunks in [" + first + ", " + end + ")");
        }
        int fits = Integer.highestOneBit(end - first);
        return first == 0 ? fits : Math.min(fits, Integer.lowestOneBit(first));
    }

    /** Adds the block in {@code scratch}, of 2^j chunks, at level j, carrying like a binary counter. */
    private void carry(int j) {
        pushed += 1 << j;
        float[] carry = scratch;
        while (full[j]) {
            kernels.add(carry, 0, level[j], 0, size);   // level[j] = (earlier block) + (this block)
            full[j] = false;
            float[] t = level[j];
            level[j] = carry;
            carry = t;
            j++;
        }
        float[] t = level[j];
        level[j] = carry;
        full[j] = true;
        scratch = t;
    }

    /**
     * Adds up the remaining partial sums, smallest first, into {@code out}.
     *
     * @param out receives the batch gradient
     */
    public void finish(float[] out) {
        boolean started = false;
        for (int j = 0; j < full.length; j++) {
            if (!full[j]) {
                continue;
            }
            if (!started) {
                System.arraycopy(level[j], 0, out, 0, size);
                started = true;
            } else {
                kernels.add(level[j], 0, out, 0, size);
            }
            full[j] = false;
        }
        if (!started) {
            throw new IllegalStateException("no chunk was pushed");
        }
    }
}
