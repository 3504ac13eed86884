package dev.backprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Initializer;
import dev.backprop.math.Rng;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Momentum;
import org.junit.jupiter.api.Test;

/**
 * The same bits on every JDK: the weights after two fixed training runs, as CRC-32C checksums
 * recorded on JDK 17.0.15. CI runs this on JDK 17 and on JDK 25, so a JDK whose arithmetic,
 * intrinsics or JIT changed a single bit of training fails here. One checksum for the scalar
 * kernels (any machine) and one for the SIMD kernels with 512-bit vectors (the lane order of
 * other vector widths differs; their runs are skipped), the latter for 1, 2 and 4 threads.
 */
class GoldenBitsTest {
    /** Recorded on JDK 17.0.15 (and equal on Temurin 25.0.3) with {@code Kernels.scalar()}. */
    static final String SCALAR = "d7b403aa,aef17cd5";
    /** Recorded on JDK 17.0.15 (and equal on Temurin 25.0.3) with AVX-512 vector kernels. */
    static final String VECTOR_512 = "a197e099,83ce5900";

    /** Two runs: small mini-batches with Adam (the small-product kernels) and large chunked batches
     *  with momentum through layers big enough for the packed, threaded GEMM. */
    static String train(Kernels kernels) {
        StringBuilder sb = new StringBuilder();
        Dataset small = data(300, 12, 3, 1);
        Network a = new Network(new int[] {12, 16, 3}, Activation.sigmoid(), Activation.softmax())
                .initialize(Initializer.xavier(), 5);
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.01f)).batchSize(16).epochs(3)
                .averageGradient(true).seed(7).kernels(kernels).build()).fit(a, small);
        sb.append(EpochRecord.checksum(a.parameters()));
        Dataset big = data(600, 100, 10, 2);
        Network b = new Network(new int[] {100, 256, 128, 10}, Activation.tanh(), Activation.relu(),
                Activation.sigmoid()).initialize(Initializer.he(), 6);
        new Trainer(TrainingConfig.builder(Loss.squaredError(), new Momentum(0.01f, 0.9f)).batchSize(300).epochs(2)
                .seed(8).kernels(kernels).build()).fit(b, big);
        sb.append(',').append(EpochRecord.checksum(b.parameters()));
        return sb.toString();
    }

    static Dataset data(int n, int inputs, int classes, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * inputs];
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < inputs; j++) {
                x[c * inputs + j] = (float) rng.nextGaussian();
            }
            for (int k = 0; k < classes; k++) {
                double score = x[c * inputs + k % inputs] - 0.5 * x[c * inputs + (k * 7 + 3) % inputs];
                if (score > best) {
                    best = score;
                    labels[c] = k;
                }
            }
        }
        return Dataset.classification(x, labels, inputs, classes);
    }

    @Test
    void scalarKernelsGiveTheRecordedBits() {
        assertEquals(SCALAR, train(Kernels.scalar()), "JDK " + Runtime.version());
    }

    @Test
    void vectorKernelsGiveTheRecordedBitsOnEveryThreadCount() {
        assumeTrue(Kernels.vectorApiAvailable(), "the Vector API module is not present");
        assumeTrue(Kernels.create(1).toString().contains("S_512_BIT"), "recorded for 512-bit vectors");
        for (int threads : new int[] {1, 2, 4}) {
            assertEquals(VECTOR_512, train(Kernels.create(threads)), threads + " threads, JDK " + Runtime.version());
        }
    }
}
