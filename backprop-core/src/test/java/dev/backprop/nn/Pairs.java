package dev.backprop.nn;

import dev.backprop.TestData;
import dev.backprop.math.Rng;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every activation × loss pair that the library supports, and random networks and batches for them. */
public final class Pairs {
    private Pairs() {
    }

    /** An output activation with a loss defined on it. */
    public record Pair(Activation output, Loss loss) {
        @Override
        public String toString() {
            return output.name() + " + " + loss.name();
        }
    }

    /** @return the activations */
    public static List<Activation> activations() {
        return List.of(Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.leakyRelu(0.1f),
                Activation.softmax(), Activation.identity());
    }

    /** @return every supported (output activation, loss) pair */
    public static Stream<Pair> all() {
        List<Pair> pairs = new ArrayList<>();
        for (Activation a : activations()) {
            pairs.add(new Pair(a, Loss.squaredError()));
            pairs.add(new Pair(a, Loss.meanSquaredError()));
        }
        pairs.add(new Pair(Activation.softmax(), Loss.softmaxCrossEntropy()));
        pairs.add(new Pair(Activation.sigmoid(), Loss.binaryCrossEntropy()));
        return pairs.stream();
    }

    /**
     * A random network: random depth and widths, hidden activations cycling through all six.
     *
     * @param pair output activation and loss
     * @param rng source of shapes and weights
     * @param maxWidth widest layer
     * @return the network
     */
    public static Network randomNetwork(Pair pair, Rng rng, int maxWidth) {
        int hidden = 1 + rng.nextInt(3);
        int[] sizes = new int[hidden + 2];
        Activation[] acts = new Activation[hidden + 1];
        for (int i = 0; i <= hidden; i++) {
            sizes[i] = 1 + rng.nextInt(maxWidth);
        }
        sizes[hidden + 1] = 2 + rng.nextInt(maxWidth - 1);
        List<Activation> all = activations();
        int start = rng.nextInt(all.size());
        for (int i = 0; i < hidden; i++) {
            acts[i] = all.get((start + i) % all.size());
        }
        acts[hidden] = pair.output();
        return new Network(sizes, acts).initialize(Initializer.rhwUniform(1.0), rng.nextLong());
    }

    /**
     * Targets that suit the loss: one-hot (softmax CE), 0/1 (BCE), or uniform in [0, 1] (squared errors).
     *
     * @param loss the loss
     * @param rng source
     * @param cases cases
     * @param outputs outputs per case
     * @return case-major targets
     */
    public static float[] targets(Loss loss, Rng rng, int cases, int outputs) {
        float[] y = new float[cases * outputs];
        for (int c = 0; c < cases; c++) {
            if (loss instanceof Loss.SoftmaxCrossEntropy) {
                y[c * outputs + rng.nextInt(outputs)] = 1f;
            } else if (loss instanceof Loss.BinaryCrossEntropy) {
                for (int d = 0; d < outputs; d++) {
                    y[c * outputs + d] = rng.nextInt(2);
                }
            } else {
                for (int d = 0; d < outputs; d++) {
                    y[c * outputs + d] = (float) rng.nextDouble();
                }
            }
        }
        return y;
    }

    /**
     * @param rng source
     * @param cases cases
     * @param inputs inputs per case
     * @return inputs uniform in [−1, 1)
     */
    public static float[] inputs(Rng rng, int cases, int inputs) {
        return TestData.uniform(rng, cases * inputs, 1);
    }
}
