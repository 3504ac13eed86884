package dev.backprop.cli.bench;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark networks N1, N2 and N3: the one table that the end-to-end training benchmark
 * ({@code backprop bench}) trains and from which backprop-bench derives the matrix products it
 * times.
 *
 * <pre>
 *   N1  [784, 30, 10]          sigmoid, squared error ½ΣΣ(a−y)², SGD η = 3.0 on the batch mean, batch 10
 *   N2  [784, 1024, 1024, 10]  sigmoid hidden, softmax + cross-entropy, momentum 0.9, η = 0.1 (mean), batch 128
 *   N3  [784, 100, 10]         sigmoid, squared error, online SGD (batch 1), η = 0.1
 * </pre>
 *
 * @param name N1, N2 or N3
 * @param sizes units per layer, inputs first
 * @param hidden hidden activation
 * @param output output activation
 * @param loss the loss
 * @param batch cases per step
 * @param momentum momentum 0.9 instead of plain gradient descent
 * @param eta the learning rate
 * @param average step on the batch mean instead of the sum
 * @param init the initializer
 * @param epochs default epochs
 */
public record BenchConfig(String name, int[] sizes, Activation hidden, Activation output, Loss loss, int batch,
                          boolean momentum, float eta, boolean average, Initializer init, int epochs) {

    private static final List<BenchConfig> ALL = List.of(
            new BenchConfig("N1", new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                    Loss.squaredError(), 10, false, 3.0f, true, Initializer.nielsen(), 30),
            new BenchConfig("N2", new int[] {784, 1024, 1024, 10}, Activation.sigmoid(), Activation.softmax(),
                    Loss.softmaxCrossEntropy(), 128, true, 0.1f, true, Initializer.xavier(), 5),
            new BenchConfig("N3", new int[] {784, 100, 10}, Activation.sigmoid(), Activation.sigmoid(),
                    Loss.squaredError(), 1, false, 0.1f, false, Initializer.xavier(), 3));

    /** @return N1, N2 and N3, in that order */
    public static List<BenchConfig> all() {
        return ALL;
    }

    /**
     * @param name N1, N2 or N3 (any case)
     * @return the configuration
     * @throws IllegalArgumentException for another name
     */
    public static BenchConfig of(String name) {
        for (BenchConfig c : ALL) {
            if (c.name.equals(name.toUpperCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown configuration '" + name + "'; expected N1, N2 or N3");
    }

    /** @return a copy of the units per layer, inputs first */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return the activation of every layer: the hidden one, then the output one */
    public Activation[] activations() {
        Activation[] a = new Activation[sizes.length - 1];
        Arrays.fill(a, hidden);
        a[a.length - 1] = output;
        return a;
    }
}
