package dev.backprop.nn;

/**
 * Preallocated buffers for a forward and backward pass over up to {@code capacity} cases, so that
 * a training step allocates nothing. Indexed by the seed's layer numbers: layer 1 is the input
 * layer, layers 2..L hold weights. Each buffer holds a (units × cases) matrix with one column per
 * case, each column contiguous.
 */
final class Workspace {
    final int capacity;
    /** a[l], l = 1..L; a[1] is the input x. */
    final float[][] a;
    /** z[l], l = 2..L. */
    final float[][] z;
    /** δ[l], l = 2..L. */
    final float[][] delta;
    /** ∂E/∂a[l], l = 1..L. */
    final float[][] dEda;
    /** The desired outputs y. */
    final float[] y;

    /**
     * @param layout the network's shape
     * @param capacity the most cases a pass will hold
     */
    Workspace(ParameterLayout layout, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be >= 1 case, got " + capacity);
        }
        this.capacity = capacity;
        int[] n = layout.sizes();
        int top = n.length;               // L, the output layer's number
        a = new float[top + 1][];
        z = new float[top + 1][];
        delta = new float[top + 1][];
        dEda = new float[top + 1][];
        for (int l = 1; l <= top; l++) {
            int size = Math.multiplyExact(n[l - 1], capacity);
            a[l] = new float[size];
            dEda[l] = new float[size];
            if (l >= 2) {
                z[l] = new float[size];
                delta[l] = new float[size];
            }
        }
        y = new float[Math.multiplyExact(n[top - 1], capacity)];
    }

    /** @return the most cases one pass can hold */
    int capacity() {
        return capacity;
    }
}
