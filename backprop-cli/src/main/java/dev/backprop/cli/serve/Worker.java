package dev.backprop.cli.serve;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Inference;

/**
 * One server thread's buffers, reused request after request: the inputs as parsed, the outputs,
 * the answer's text and an {@link Inference} (with its chunk buffers) for the model it last
 * served. They grow to the largest request seen and are replaced only when the model is.
 *
 * <p>Each worker has kernels of its own, on its own thread: the default kernels run one product at
 * a time for the whole JVM. Their kind is the default's (SIMD or scalar), and a thread count
 * never changes the bits, so the answers are those of {@code backprop predict}.
 */
final class Worker {
    private final Kernels kernels = Kernels.defaults().kind().equals(Kernels.scalar().kind()) ? Kernels.scalar()
            : Kernels.create(1);
    private ServedModel model;
    private Inference inference;
    private float[] x = new float[0];
    private float[] y = new float[0];
    /** The answer's text. */
    final StringBuilder text = new StringBuilder();
    /** Whether the request gave one case ({@code "input"}) rather than a batch ({@code "inputs"}). */
    boolean single;

    /**
     * @param m the model this request is answered with
     * @return the inference for it, made once per model
     */
    Inference inference(ServedModel m) {
        if (m != model) {
            model = m;
            inference = new Inference(m.network(), kernels, Inference.DEFAULT_CHUNK);
        }
        return inference;
    }

    /**
     * @param values values needed
     * @return the input buffer, at least that long (contents kept when it grows)
     */
    float[] inputs(int values) {
        if (x.length < values) {
            x = java.util.Arrays.copyOf(x, Math.max(values, 2 * x.length));
        }
        return x;
    }

    /**
     * @param values values needed
     * @return the output buffer, at least that long
     */
    float[] outputs(int values) {
        if (y.length < values) {
            y = new float[Math.max(values, 2 * y.length)];
        }
        return y;
    }
}
