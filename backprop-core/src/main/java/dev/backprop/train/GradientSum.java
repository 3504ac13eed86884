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
 * <p>Buffers are allocated on first use for the largest batch seen; later batches allocate nothing.
 */
final class GradientSum {
    private final Kernels kernels;
    private final int size;
    private float[][] level = new float[0][];
    private boolean[] full = new boolean[0];
    private float[] scratch;

    /**
     * @param kernels kernels for the additions
     * @param size length of one gradient vector
     */
    GradientSum(Kernels kernels, int size) {
        this.kernels = kernels;
        this.size = size;
    }

    /**
     * Prepares for a batch of {@code chunks} chunks.
     *
     * @param chunks number of chunks, ≥ 1
     */
    void begin(int chunks) {
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
    }

    /** @return the buffer to write the next chunk's gradient into (overwritten by the caller) */
    float[] next() {
        return scratch;
    }

    /** Adds the chunk just written into {@link #next()} to the tree. */
    void push() {
        float[] carry = scratch;
        int j = 0;
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
    void finish(float[] out) {
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
