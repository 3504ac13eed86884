package dev.backprop.nn;

import dev.backprop.math.Kernels;

/**
 * Forward passes over many cases, in chunks that reuse one set of buffers: predictions and the
 * error E of a whole data set. Each chunk is {@link Backpropagation#forward}, so the equations are
 * those of training, z^l = W^l a^(l−1) + b^l then a^l = σ(z^l), on the same {@link Kernels}.
 */
public final class Inference {
    /** Cases per chunk when the caller does not say. */
    public static final int DEFAULT_CHUNK = 256;

    private final Network network;
    private final Kernels kernels;
    private final int chunk;
    private Backpropagation pass;

    /**
     * @param network the network
     */
    public Inference(Network network) {
        this(network, Kernels.defaults(), DEFAULT_CHUNK);
    }

    /**
     * @param network the network
     * @param kernels the matrix kernels
     * @param chunk cases per forward pass, ≥ 1
     */
    public Inference(Network network, Kernels kernels, int chunk) {
        this.network = network;
        this.kernels = kernels;
        this.chunk = chunk;
    }

    /**
     * The buffers for a call of {@code cases} cases: chunks of min(chunk, cases) cases, as a fresh
     * instance would take them. The kernels pick their summation order by shape, so a chunk's size
     * decides the bits: buffers sized by an earlier, smaller call would split this one into smaller
     * chunks and change its outputs in the last place. They grow, once, and are then reused.
     */
    private Backpropagation pass(int cases) {
        int want = Math.max(1, Math.min(chunk, cases));
        if (pass == null || pass.capacity() < want) {
            pass = new Backpropagation(network, kernels, want);
        }
        return pass;
    }

    /**
     * a^L for every case.
     *
     * @param x inputs, case-major, n_1 values per case, all finite
     * @param cases number of cases
     * @return outputs, case-major, n_L values per case
     */
    public float[] outputs(float[] x, int cases) {
        return outputs(x, cases, null);
    }

    /**
     * a^L for every case, and on the way z^L = W^L a^(L−1) + b^L, the output layer's weighted
     * inputs before its activation: a classifier's raw scores, whose softmax or sigmoid is a^L.
     * The forward pass computes both, so the raw scores cost one copy.
     *
     * @param x inputs, case-major, n_1 values per case, all finite
     * @param cases number of cases
     * @param raw receives z^L case-major ({@code cases × n_L} values), or null
     * @return outputs, case-major, n_L values per case
     */
    public float[] outputs(float[] x, int cases, float[] raw) {
        float[] out = new float[cases * network.outputSize()];
        outputs(x, cases, raw, out);
        return out;
    }

    /**
     * a^L for every case into the caller's array, and z^L on the way: for a caller that answers
     * many requests and keeps its buffers, so that a call allocates nothing once the chunk buffers
     * exist. The bits are those of {@link #outputs(float[], int, float[])}.
     *
     * @param x inputs, case-major, n_1 values per case, all finite
     * @param cases number of cases
     * @param raw receives z^L case-major ({@code cases × n_L} values), or null
     * @param out receives a^L case-major ({@code cases × n_L} values)
     */
    public void outputs(float[] x, int cases, float[] raw, float[] out) {
        checkInput(x, cases);
        int nOut = network.outputSize();
        if (raw != null && raw.length < cases * nOut) {
            throw new IllegalArgumentException("raw outputs hold " + raw.length + " values; expected " + cases
                    + " cases × " + nOut + " outputs");
        }
        if (out.length < cases * nOut) {
            throw new IllegalArgumentException("outputs hold " + out.length + " values; expected " + cases
                    + " cases × " + nOut + " outputs");
        }
        for (int first = 0; first < cases; ) {
            Backpropagation p = pass(cases);
            int b = Math.min(p.capacity(), cases - first);
            p.load(x, null, first, b);
            p.forward(b);
            System.arraycopy(p.output(), 0, out, first * nOut, b * nOut);
            if (raw != null) {
                System.arraycopy(p.outputWeightedInput(), 0, raw, first * nOut, b * nOut);
            }
            first += b;
        }
    }

    /**
     * E = Σ_c E_c over all cases.
     *
     * @param loss the error function
     * @param x inputs, case-major
     * @param y desired outputs, case-major
     * @param cases number of cases
     * @return the summed error
     */
    public double error(Loss loss, float[] x, float[] y, int cases) {
        return error(loss, x, y, cases, null);
    }

    /**
     * E = Σ_c E_c over all cases, and the outputs a^L on the way.
     *
     * @param loss the error function
     * @param x inputs, case-major
     * @param y desired outputs, case-major
     * @param cases number of cases
     * @param out receives a^L case-major ({@code cases × n_L} values), or null
     * @return the summed error
     */
    public double error(Loss loss, float[] x, float[] y, int cases, float[] out) {
        checkInput(x, cases);
        int nOut = network.outputSize();
        if (y.length < cases * nOut) {
            throw new IllegalArgumentException("targets hold " + y.length + " values; expected " + cases + " cases × "
                    + nOut + " outputs");
        }
        double e = 0.0;
        for (int first = 0; first < cases; ) {
            Backpropagation p = pass(cases);
            int b = Math.min(p.capacity(), cases - first);
            p.load(x, y, first, b);
            p.forward(b);
            e += loss.value(p.outputWeightedInput(), p.output(), p.target(), 0, nOut, b);
            if (out != null) {
                System.arraycopy(p.output(), 0, out, first * nOut, b * nOut);
            }
            first += b;
        }
        return e;
    }

    /**
     * Where one case's forward pass first leaves the finite numbers, to say why an output is not
     * finite: a weight so large that z^l overflows float32, or an activation of an infinite z.
     *
     * @param x inputs, case-major
     * @param c the case, 0-based
     * @return the seed layer l (2..L) whose z^l or a^l first holds an infinite or NaN value, or −1
     *     when every value of the pass is finite
     */
    public int firstNonFiniteLayer(float[] x, int c) {
        checkInput(x, c + 1);
        Backpropagation p = new Backpropagation(network, kernels, 1);
        p.load(x, null, c, 1);
        p.forward(1);
        for (int l = 2; l <= network.layers() + 1; l++) {
            if (!allFinite(p.weightedInputsOfSeedLayer(l, 1)) || !allFinite(p.activationsOfSeedLayer(l, 1))) {
                return l;
            }
        }
        return -1;
    }

    private static boolean allFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    private void checkInput(float[] x, int cases) {
        int nIn = network.inputSize();
        if (x.length < (long) cases * nIn) {
            throw new IllegalArgumentException("inputs hold " + x.length + " values; expected " + cases + " cases × "
                    + nIn + " inputs");
        }
    }
}
