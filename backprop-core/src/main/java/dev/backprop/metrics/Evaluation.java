package dev.backprop.metrics;

import dev.backprop.data.Classes;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;

/**
 * A network measured on a data set: the loss E per case, and a confusion matrix for class labels
 * or MSE and R² for numeric targets.
 *
 * <pre>{@code
 * Evaluation ev = Evaluation.of(network, Loss.softmaxCrossEntropy(), test);
 * System.out.println(ev.accuracy());
 * System.out.println(ev.confusion());
 * }</pre>
 */
public final class Evaluation {
    private final double loss;
    private final double accuracy;
    private final ConfusionMatrix confusion;
    private final RegressionMetrics regression;
    private final float[] outputs;

    private Evaluation(double loss, double accuracy, ConfusionMatrix confusion, RegressionMetrics regression,
                       float[] outputs) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.confusion = confusion;
        this.regression = regression;
        this.outputs = outputs;
    }

    /**
     * @param network the network
     * @param loss the error function
     * @param data the cases
     * @return the evaluation
     */
    public static Evaluation of(Network network, Loss loss, Dataset data) {
        if (data.inputs() != network.inputSize() || data.outputs() != network.outputSize()) {
            throw new IllegalArgumentException("data has " + data.inputs() + " inputs and " + data.outputs()
                    + " targets per case; network " + network.layout() + " needs " + network.inputSize() + " and "
                    + network.outputSize());
        }
        float[] out = new float[data.size() * data.outputs()];
        double e = new Inference(network).error(loss, data.x(), data.y(), data.size(), out) / data.size();
        RegressionMetrics reg = new RegressionMetrics(data.outputs());
        reg.add(out, data.y(), data.size());
        ConfusionMatrix cm = null;
        double accuracy = Double.NaN;
        if (data.isClassification()) {
            cm = new ConfusionMatrix(data.classes());
            int n = data.outputs();
            for (int c = 0; c < data.size(); c++) {
                cm.add(data.label(c), Classes.argmax(out, c * n, n));
            }
            accuracy = accuracy(out, data);
        }
        return new Evaluation(e, accuracy, cm, reg, out);
    }

    /**
     * The cases among the first {@code cases} whose predicted class is the target's class
     * ({@link Classes#argmax} of each row: the largest output, or output ≥ 0.5 for a single one).
     * This is the one definition of a correct case: training, validation and test accuracy all
     * count with it.
     *
     * @param outputs the network's outputs, case-major ({@code cases × width})
     * @param targets the targets in the same layout (one-hot rows, or 0/1 for a single output)
     * @param cases the number of cases
     * @param width values per case
     * @return how many are correct
     */
    public static int correct(float[] outputs, float[] targets, int cases, int width) {
        int correct = 0;
        for (int c = 0; c < cases; c++) {
            if (Classes.argmax(outputs, c * width, width) == Classes.argmax(targets, c * width, width)) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The share of a data set's cases that the outputs classify correctly ({@link #correct}).
     *
     * @param outputs the network's outputs for {@code data}, case-major
     * @param data the cases
     * @return the accuracy, or NaN if the targets are not class labels
     */
    public static double accuracy(float[] outputs, Dataset data) {
        if (!data.isClassification()) {
            return Double.NaN;
        }
        return (double) correct(outputs, data.y(), data.size(), data.outputs()) / data.size();
    }

    /** @return E per case */
    public double loss() {
        return loss;
    }

    /** @return whether the targets were class labels */
    public boolean isClassification() {
        return confusion != null;
    }

    /** @return the confusion matrix, or null for numeric targets */
    public ConfusionMatrix confusion() {
        return confusion;
    }

    /** @return accuracy, or NaN for numeric targets */
    public double accuracy() {
        return accuracy;
    }

    /** @return MSE and R² of the outputs against the targets */
    public RegressionMetrics regression() {
        return regression;
    }

    /** @return the network's outputs, case-major (live) */
    public float[] outputs() {
        return outputs;
    }
}
