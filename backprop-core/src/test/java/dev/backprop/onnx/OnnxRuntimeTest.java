package dev.backprop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backprop.TestData;
import dev.backprop.data.Dataset;
import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every exported model loaded and run by ONNX Runtime (Microsoft's, an implementation of ONNX that
 * shares nothing with ours): it must parse our protobuf encoding, accept the graph, carry the
 * metadata, and compute the network's predictions within float32 rounding. Our float32 pass and
 * ONNX Runtime's are each within the derived bound B of the exact value ({@link ErrorBound};
 * ONNX Runtime's Gemm, Sigmoid and Tanh are its own kernels and approximations, so that is
 * asserted, not assumed), hence within 2B of each other; and also within {@link #ABSOLUTE} of
 * each other: the largest difference measured over all these models was 3.0e-7 (JDK 17, SIMD kernels).
 */
class OnnxRuntimeTest {
    /** The absolute bound asserted between ONNX Runtime and Network.predict: outputs here are at most a few units. */
    static final double ABSOLUTE = 1e-6;

    static OrtEnvironment env;
    static double largestSeen;

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void report() {
        System.out.println("OnnxRuntimeTest: largest |ONNX Runtime - Network.predict| seen " + largestSeen);
    }

    /** ONNX Runtime's outputs for raw inputs, and the model's metadata it read. */
    record Ort(float[] y, Map<String, String> metadata, List<String> inputs) {
    }

    static Ort run(byte[] onnx, float[] x, int cases, int width) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            try (OrtSession s = env.createSession(onnx, opts);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, cases * width),
                         new long[] {cases, width});
                 OrtSession.Result r = s.run(Map.of("X", t))) {
                float[][] y = (float[][]) r.get(0).getValue();
                int k = y[0].length;
                float[] flat = new float[cases * k];
                for (int c = 0; c < cases; c++) {
                    System.arraycopy(y[c], 0, flat, c * k, k);
                }
                return new Ort(flat, s.getMetadata().getCustomMetadata(), List.copyOf(s.getInputNames()));
            }
        }
    }

    static float[] predict(Model m, float[] x, int cases) {
        int w = m.network().inputSize();
        float[] scaled = java.util.Arrays.copyOf(x, cases * w);
        m.scaling().apply(scaled, cases, w);
        float[][] rows = new float[cases][];
        for (int c = 0; c < cases; c++) {
            rows[c] = java.util.Arrays.copyOfRange(scaled, c * w, (c + 1) * w);
        }
        float[][] out = m.network().predict(rows);
        int k = m.network().outputSize();
        float[] flat = new float[cases * k];
        for (int c = 0; c < cases; c++) {
            System.arraycopy(out[c], 0, flat, c * k, k);
        }
        return flat;
    }

    /** Asserts ONNX Runtime within B of exact and within 2B and {@link #ABSOLUTE} of Network.predict. */
    static void assertAgrees(Model m, float[] x, int cases, String what) throws OrtException {
        byte[] onnx = OnnxExport.encode(m, "test");
        Ort ort = run(onnx, x, cases, m.network().inputSize());
        float[] ours = predict(m, x, cases);
        double[] exact = GraphEvaluator.run(DecodedModel.decode(onnx), x, cases, m.network().inputSize());
        double[] bound = ErrorBound.of(m.network(), m.scaling(), x, cases);
        assertEquals(ours.length, ort.y().length, what);
        for (int i = 0; i < ours.length; i++) {
            double d = Math.abs(ort.y()[i] - ours[i]);
            largestSeen = Math.max(largestSeen, d);
            int at = i;
            assertTrue(Math.abs(ort.y()[i] - exact[i]) <= bound[i], () -> what + ": ONNX Runtime's output " + at + " "
                    + ort.y()[at] + " is off the exact " + exact[at] + " by more than the bound " + bound[at]);
            assertTrue(d <= 2 * bound[i] && d <= ABSOLUTE, () -> what + ": output " + at + ": ONNX Runtime "
                    + ort.y()[at] + ", Network.predict " + ours[at] + ", bound " + 2 * bound[at]);
        }
        assertEquals(List.of("X"), ort.inputs(), what);
        assertEquals(m.scaling().kind(), ort.metadata().get("scaler"), what);
        assertEquals(m.loss().name(), ort.metadata().get("loss"), what);
        assertEquals("test", ort.metadata().get("backprop_version"), what);
    }

    @Test
    void everyActivationScalingAndTaskRunsInOnnxRuntimeAsInTheNetwork() throws OrtException {
        long seed = 1;
        for (RandomModels.Case c : RandomModels.matrix()) {
            Model m = RandomModels.model(c, seed++);
            int cases = 64;
            assertAgrees(m, OnnxExport.sampleInputs(m, cases, seed), cases, c.toString());
        }
    }

    @Test
    void theClassNamesAndTrainingSettingsReachOnnxRuntime() throws OrtException {
        Model m = RandomModels.model(new RandomModels.Case(Activation.relu(), Scaler.STANDARD, "classification"), 5);
        Ort ort = run(OnnxExport.encode(m, "0.1.0"), OnnxExport.sampleInputs(m, 1, 1), 1, 5);
        assertEquals("[\"cat\",\"dog\",\"\\\"quoted\\\" bird\"]", ort.metadata().get("class_names"));
        assertEquals("adam", ort.metadata().get("training.optimizer"));
        assertEquals("0.01", ort.metadata().get("training.eta"));
        assertEquals("5", ort.metadata().get("seed"));
        assertEquals("5,8,6,3", ort.metadata().get("architecture"));
    }

    @Test
    void aTrainedDigitsModelRunsInOnnxRuntimeAsInTheNetwork() throws OrtException {
        Dataset digits = TestData.digits();
        Scaler scaler = Scaler.fitStandard(digits);
        float[] x = digits.x().clone();
        scaler.apply(x, digits.size(), digits.inputs());
        Dataset scaled = new Dataset(x, digits.y(), digits.size(), digits.inputs(), digits.outputs());
        Network net = Network.builder(64).layer(30, Activation.sigmoid()).layer(10, Activation.softmax()).seed(42)
                .build();
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.5f))
                .averageGradient(true).batchSize(10).epochs(3).seed(1).build();
        new Trainer(config).fit(net, scaled);
        Model m = new Model(net, Loss.softmaxCrossEntropy(), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                scaler, Map.of("epochs", "3"), 42);
        float[] ours = predict(m, digits.x(), digits.size());
        int right = 0;
        for (int c = 0; c < digits.size(); c++) {
            right += dev.backprop.data.Classes.argmax(ours, c * 10, 10) == digits.label(c) ? 1 : 0;
        }
        assertTrue(right > 0.9 * digits.size(), "trained to " + right + " of " + digits.size());
        assertAgrees(m, digits.x(), digits.size(), "digits 64-30-10, trained");
    }
}
