package dev.backprop.nn;

import dev.backprop.math.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each factor that {@link Loss}'s javadoc and the README state between our E and PyTorch's or
 * Keras' loss, checked on one batch of B = 2 cases and n = 3 units whose PyTorch and Keras values
 * are worked out by hand from those libraries' definitions, in double. The inputs are exact in
 * float32, so E here is compared with a tolerance of a few ulps of double.
 */
class LossConventionsTest {
    static final int B = 2;
    static final int N = 3;

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-14 * Math.abs(expected), what);
    }

    @Test
    void squaredErrorsAgainstMseLossAndMeanSquaredError() {
        float[] a = {0.5f, 0.25f, 1f, 0f, 0.75f, 0.5f};
        float[] y = {1f, 0f, 0f, 0f, 1f, 0f};
        // (a − y)²: case 0: 0.25, 0.0625, 1 (sum 1.3125); case 1: 0, 0.0625, 0.25 (sum 0.3125).
        double torchSum = 1.625;                                 // MSELoss(reduction='sum'): Σ over all 6
        double torchMean = 1.625 / 6;                            // MSELoss(): mean over all B·n elements
        double keras = (1.3125 / 3 + 0.3125 / 3) / 2;            // MeanSquaredError(): mean over units, then cases
        double sse = Loss.squaredError().value(null, a, y, 0, N, B);
        double mse = Loss.meanSquaredError().value(null, a, y, 0, N, B);
        close(0.8125, sse, "squared_error by hand");
        close(0.5 * torchSum, sse, "squared_error = ½ × MSELoss(sum)");
        close(B * N / 2.0 * torchMean, sse, "squared_error = B·n/2 × MSELoss()");
        close(B * N / 2.0 * keras, sse, "squared_error = B·n/2 × MeanSquaredError()");
        close(1.625 / 3, mse, "mean_squared_error by hand");
        close(torchSum / N, mse, "mean_squared_error = 1/n × MSELoss(sum)");
        close(B * torchMean, mse, "mean_squared_error = B × MSELoss()");
        close(B * keras, mse, "mean_squared_error = B × MeanSquaredError()");
    }

    @Test
    void softmaxCrossEntropyAgainstCrossEntropyLossAndCategoricalCrossentropy() {
        float[] z = {0f, 0f, 0f, 2f, 0f, 0f};
        float[] y = {1f, 0f, 0f, 0f, 1f, 0f};
        float[] a = new float[6];
        Activation.softmax().forward(Kernels.scalar(), z, a, 0, N, B);
        // case 0: softmax = (1/3, 1/3, 1/3), −log(1/3) = log 3;
        // case 1: softmax_1 = e⁰ / (e² + 2), −log of it = log(e² + 2).
        double case0 = Math.log(3);
        double case1 = Math.log(Math.exp(2) + 2);
        double torchSum = case0 + case1;                          // CrossEntropyLoss(reduction='sum') on z
        double torchMean = (case0 + case1) / B;                   // CrossEntropyLoss(): mean over the B cases
        double keras = (case0 + case1) / B;                       // CategoricalCrossentropy(from_logits=True)
        double e = Loss.softmaxCrossEntropy().value(z, a, y, 0, N, B);
        close(torchSum, e, "softmax_cross_entropy = 1 × CrossEntropyLoss(sum)");
        close(B * torchMean, e, "softmax_cross_entropy = B × CrossEntropyLoss()");
        close(B * keras, e, "softmax_cross_entropy = B × CategoricalCrossentropy()");
    }

    @Test
    void binaryCrossEntropyAgainstBceLossAndBinaryCrossentropy() {
        float[] z = {0f, 2f, -2f, 0f, 0f, 2f};
        float[] y = {1f, 1f, 1f, 0f, 0.5f, 0f};
        float[] a = new float[6];
        Activation.sigmoid().forward(Kernels.scalar(), z, a, 0, N, B);
        // −[y log σ(z) + (1 − y) log(1 − σ(z))]: log 2 at z = 0 for any y; log(1 + e⁻²) for z = 2, y = 1;
        // 2 + log(1 + e⁻²) for z = −2, y = 1 and for z = 2, y = 0.
        double ln2 = Math.log(2);
        double near = Math.log1p(Math.exp(-2));
        double far = 2 + near;
        double case0 = ln2 + near + far;
        double case1 = ln2 + ln2 + far;
        double torchSum = case0 + case1;                          // BCELoss(reduction='sum')
        double torchMean = (case0 + case1) / (B * N);             // BCELoss(): mean over all B·n elements
        double keras = (case0 / N + case1 / N) / B;               // BinaryCrossentropy(): mean over units, then cases
        double e = Loss.binaryCrossEntropy().value(z, a, y, 0, N, B);
        close(torchSum, e, "binary_cross_entropy = 1 × BCELoss(sum)");
        close(B * N * torchMean, e, "binary_cross_entropy = B·n × BCELoss()");
        close(B * N * keras, e, "binary_cross_entropy = B·n × BinaryCrossentropy()");
    }
}
