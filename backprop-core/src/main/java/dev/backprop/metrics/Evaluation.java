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
    private final ConfusionMatrix confusion;
    private final RegressionMetrics regression;
    private final float[] outputs;

    private Evaluation(double loss, ConfusionMatrix confusion, RegressionMetrics regression, float[] outputs) {
        this.loss = loss;
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
        if (data.isClassification()) {
            cm = new ConfusionMatrix(data.classes());
            int n = data.outputs();
            for (int c = 0; c < data.size(); c++) {
                cm.add(data.label(c), Classes.argmax(out, c * n, n));
            }
        }
        return new Evaluation(e, cm, reg, out);
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
        return confusion == null ? Double.NaN : confusion.accuracy();
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
