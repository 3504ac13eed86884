package dev.backprop.onnx;

import dev.backprop.data.Scaler;
import dev.backprop.io.AtomicFile;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.math.Rng;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a {@link Model} as an ONNX model, certified: the bytes are read back, their graph is
 * evaluated by a checker of its own and compared with the network's predictions before anything
 * is written.
 *
 * <pre>{@code
 * Model model = ModelFile.load(Path.of("digits.safetensors"));
 * float[] sample = OnnxExport.sampleInputs(model, 256, 1);
 * OnnxCertificate c = OnnxExport.export(Path.of("digits.onnx"), model, "0.1.0", sample, 256);
 * System.out.println(c.graph() + "\n" + c.line());
 * }</pre>
 *
 * <p>The graph (opset 13, IR version 7): input {@code X} float [N, n_0], N symbolic; the model's
 * scaling as {@code Sub} then {@code Div} (the {@link Scaler}'s (x − offset) / scale, min-max and
 * standard alike, the same float32 operations); per layer {@code Gemm} (transB = 1, W as stored,
 * units × inputs) and the activation ({@code Sigmoid}, {@code Tanh}, {@code Relu},
 * {@code LeakyRelu} with the kernels' float slope, {@code Softmax} on the last axis; identity adds
 * no node); output {@code Y} float [N, n_L]. {@code metadata_props} hold the model file's metadata
 * ({@link ModelFile#metadata}: class names as a JSON list, scaler kind, loss, seed,
 * {@code training.*} settings) and {@code backprop_version}. A model whose bytes would pass
 * protobuf's 2 GB limit is refused.
 *
 * <p>The certificate ({@link #check}): the bytes are decoded by the package's own protobuf reader,
 * the decoded header and shapes checked, and the decoded graph run in double precision, node by
 * node, by an evaluator that shares no code with the network's kernels; each output is compared
 * with {@code Network}'s float32 prediction (the inputs scaled by {@link Scaler#apply} first, as
 * {@code predict} does) and must lie within a bound on the float32 path's rounding derived for that
 * output (a forward error analysis over the layers: the Gemm's γ_(m+1) = (m+1)u/(1 − (m+1)u) with
 * u = 2^−24 times the magnitudes summed, through each activation's Lipschitz constant, plus its
 * own rounding). An export outside it is refused.
 */
public final class OnnxExport {
    /** Cases checked when the caller does not say. */
    public static final int DEFAULT_SAMPLE = 256;

    private OnnxExport() {
    }

    /**
     * The ONNX model's bytes, unchecked.
     *
     * @param model the model
     * @param producerVersion the library version, written as {@code producer_version} and
     *        {@code backprop_version}
     * @return the ModelProto in the protobuf wire format
     * @throws IllegalArgumentException if the bytes would pass protobuf's 2 GB limit
     */
    public static byte[] encode(Model model, String producerVersion) {
        Network net = model.network();
        Activation[] acts = new Activation[net.layers()];
        for (int i = 0; i < acts.length; i++) {
            acts[i] = net.activation(i);
        }
        Map<String, String> meta = new TreeMap<>(ModelFile.metadata(model));
        meta.put("backprop_version", producerVersion);
        return OnnxGraph.model(net.layout(), acts, net.parameters(), model.scaling(), meta, producerVersion).toBytes();
    }

    /**
     * Seeded random raw inputs in the model's input range: per feature uniform over the training
     * range for min-max scaling, Gaussian with the training mean and deviation for standard
     * scaling, uniform in [−1, 1] without scaling. The same seed gives the same inputs.
     *
     * @param model the model
     * @param cases how many
     * @param seed the seed
     * @return cases × n_0 values, case-major
     */
    public static float[] sampleInputs(Model model, int cases, long seed) {
        int w = model.network().inputSize();
        Scaler s = model.scaling();
        float[] o = s.offsets();
        float[] sc = s.scales();
        Rng rng = new Rng(seed);
        float[] x = new float[cases * w];
        for (int c = 0; c < cases; c++) {
            for (int j = 0; j < w; j++) {
                double v;
                if (s.kind().equals(Scaler.MINMAX)) {
                    v = o[j] + (double) sc[j] * rng.nextDouble();
                } else if (s.kind().equals(Scaler.STANDARD)) {
                    v = o[j] + (double) sc[j] * rng.nextGaussian();
                } else {
                    v = 2 * rng.nextDouble() - 1;
                }
                x[c * w + j] = (float) v;
            }
        }
        return x;
    }

    /**
     * Checks ONNX bytes against the model on raw inputs: decodes them, checks the header (IR
     * version, opset, input {@code X} and output {@code Y} of the model's widths), evaluates the
     * decoded graph and compares it with the network's predictions output by output.
     *
     * @param onnx the bytes
     * @param model the model they claim to be
     * @param x raw inputs (before scaling), cases × n_0, case-major, finite
     * @param cases the number of cases, at least 1
     * @return the certificate (see {@link OnnxCertificate#passed()})
     * @throws OnnxCheckException if the bytes cannot be decoded or evaluated as the model's graph
     * @throws IllegalArgumentException if the inputs do not fit the model, or the network's own
     *         output is not finite for one of them
     */
    public static OnnxCertificate check(byte[] onnx, Model model, float[] x, int cases) throws OnnxCheckException {
        Network net = model.network();
        int nIn = net.inputSize();
        int nOut = net.outputSize();
        if (cases < 1 || x.length < (long) cases * nIn) {
            throw new IllegalArgumentException("the check needs at least 1 case of " + nIn + " inputs, got "
                    + x.length + " values for " + cases + " cases");
        }
        float[] expected = predictions(model, x, cases);
        double[] graph;
        DecodedModel decoded;
        try {
            decoded = DecodedModel.decode(onnx);
            checkHeader(decoded, nIn, nOut);
            graph = GraphEvaluator.run(decoded, x, cases, nIn);
        } catch (IllegalArgumentException e) {
            throw new OnnxCheckException("the exported bytes do not read back as the model's graph: " + e.getMessage(),
                    null);
        }
        if (graph.length != cases * nOut) {
            throw new OnnxCheckException("the decoded graph gives " + graph.length / cases + " outputs per case; the "
                    + "network has " + nOut, null);
        }
        double[] bound = ErrorBound.of(net, model.scaling(), x, cases);
        double largest = 0;
        double boundThere = bound[0];
        double share = 0;
        for (int i = 0; i < graph.length; i++) {
            double diff = Math.abs(graph[i] - expected[i]);
            if (!(diff <= largest)) {
                largest = diff;
                boundThere = bound[i];
            }
            double r = diff == 0 ? 0 : diff / bound[i];  // an exact output may have a bound of 0
            share = Double.isNaN(r) || r > share ? r : share;
            if (Double.isNaN(diff)) {
                break;
            }
        }
        return new OnnxCertificate(decoded.summary(), onnx.length, cases, largest, boundThere, share);
    }

    /**
     * Encodes, checks and writes a model: the file is written (atomically: a temporary file, forced
     * to disk, renamed) only if the certificate passed.
     *
     * @param file the ONNX file
     * @param model the model
     * @param producerVersion the library version
     * @param x raw inputs for the check, cases × n_0, case-major
     * @param cases the number of cases, at least 1
     * @return the certificate, passed
     * @throws OnnxCheckException if the check failed (nothing is written)
     * @throws IllegalArgumentException as for {@link #encode} and {@link #check}
     * @throws IOException if the file cannot be written (an existing file is left as it was)
     */
    public static OnnxCertificate export(Path file, Model model, String producerVersion, float[] x, int cases)
            throws IOException, OnnxCheckException {
        return write(file, encode(model, producerVersion), model, x, cases);
    }

    /** Checks the bytes against the model and writes them only if they pass. */
    static OnnxCertificate write(Path file, byte[] onnx, Model model, float[] x, int cases)
            throws IOException, OnnxCheckException {
        OnnxCertificate c = check(onnx, model, x, cases);
        if (!c.passed()) {
            throw new OnnxCheckException("the exported graph disagrees with the network: " + c.line()
                    + "; nothing was written", c);
        }
        AtomicFile.write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(onnx);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
        return c;
    }

    /** The float32 path: inputs scaled by the model's scaler, then the network's forward pass. */
    private static float[] predictions(Model model, float[] x, int cases) {
        Network net = model.network();
        int nIn = net.inputSize();
        float[] scaled = java.util.Arrays.copyOf(x, cases * nIn);
        model.scaling().apply(scaled, cases, nIn);
        float[] y = new Inference(net).outputs(scaled, cases);
        int nOut = net.outputSize();
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                throw new IllegalArgumentException("check case " + (i / nOut + 1) + ": the network's output "
                        + (i % nOut + 1) + " is " + y[i] + ", not a finite number; its inputs are too far from the "
                        + "training range for float32");
            }
        }
        return y;
    }

    private static void checkHeader(DecodedModel m, int nIn, int nOut) {
        Long opset = m.opsets().get("");
        if (m.irVersion() != OnnxSchema.IR_VERSION || opset == null || opset != OnnxSchema.OPSET) {
            throw new IllegalArgumentException("ir_version " + OnnxSchema.IR_VERSION + " and opset "
                    + OnnxSchema.OPSET + ", found ir_version " + m.irVersion() + " and opsets " + m.opsets());
        }
        valueInfo(m.graph().inputs(), "X", nIn);
        valueInfo(m.graph().outputs(), "Y", nOut);
    }

    private static void valueInfo(List<DecodedModel.ValueInfo> v, String name, int width) {
        if (v.size() != 1 || !v.get(0).name().equals(name) || v.get(0).elemType() != OnnxSchema.FLOAT
                || !v.get(0).dims().equals(List.of("N", Integer.toString(width)))) {
            throw new IllegalArgumentException("one graph value " + name + " float [N, " + width + "], found "
                    + (v.isEmpty() ? "none" : v.get(0)));
        }
    }
}
