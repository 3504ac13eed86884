package dev.backprop.cli.options;

import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.output.CliException;
import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import picocli.CommandLine.Option;

/** {@code --model FILE} and the data it is applied to, for {@code evaluate} and {@code predict}. */
public final class ModelOptions {
    @Option(names = {"--model", "-m"}, required = true, paramLabel = "MODEL", description = "A model file written by "
            + "'backprop train'.")
    Path model;

    @Option(names = {"--data", "-d"}, required = true, paramLabel = "FILE", description = "A CSV file, or IDX images "
            + "(labels with --labels).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX images in --data.")
    Path labels;

    /** @return the model file */
    public Path model() {
        return model;
    }

    /** @return the data file: CSV, or IDX images */
    public Path data() {
        return data;
    }

    /** @return the IDX labels file, or null */
    public Path labels() {
        return labels;
    }

    /** @return the files these options name, by option ({@code --labels} maps to null when not given) */
    public Map<String, Path> files() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("--model", model);
        m.put("--data", data);
        m.put("--labels", labels);
        return m;
    }

    /**
     * @return the loaded model
     * @throws IOException if it cannot be read or is refused
     */
    public ModelInfo load() throws IOException {
        return ModelInfo.of(ModelFile.load(model));
    }

    /**
     * Scales inputs in place with the model's scaler, as at training time, refusing a value it makes
     * infinite (naming the data file, row from 1, column and the scaler).
     *
     * @param m the model
     * @param d the data
     */
    public static void scale(Model m, LoadedData d) {
        scale(m, d.x(), d.rows(), d.inputs(), r -> d.file() + " row " + (r + 1), j -> d.featureNames().get(j));
    }

    /**
     * Scales inputs in place with the model's scaler, refusing a value it makes infinite: the one
     * scaling of {@code predict}, {@code evaluate} and {@code serve}.
     *
     * @param m the model
     * @param x inputs, case-major
     * @param rows cases
     * @param width values per case, the model's inputs
     * @param rowName names case r (0-based) for the message, e.g. "d.csv row 3"
     * @param columnName names column j (0-based) for the message
     * @throws CliException (bad input) at the first value the scaler makes infinite
     */
    public static void scale(Model m, float[] x, int rows, int width, IntFunction<String> rowName,
                             IntFunction<String> columnName) {
        Scaler s = m.scaling();
        s.apply(x, rows, width);
        for (int i = 0; i < rows * width; i++) {
            if (!Float.isFinite(x[i])) {
                int j = i % width;
                throw CliException.badInput(String.format(Locale.ROOT, "%s, column %s: the model's %s scaler "
                        + "(x − %s) / %s makes it %s, too far from the column's training range for float32",
                        rowName.apply(i / width), columnName.apply(j), s.kind(), s.offsets()[j], s.scales()[j], x[i]));
            }
        }
    }

    /**
     * A model's outputs for raw inputs: scaled in place as {@link #scale} does, through the
     * inference, then checked as {@link #checkOutputs} does. The path of {@code predict} and of
     * {@code serve}, so both give the same bits for the same rows.
     *
     * @param modelFile the model file, for messages
     * @param model the model
     * @param inference the model's network's inference (kept by a caller that answers many requests)
     * @param x raw inputs, case-major; scaled in place
     * @param rows cases
     * @param out receives the outputs, case-major
     * @param rowName names case r (0-based) before a column, for the scaler's message ("d.csv row 3")
     * @param columnName names input column j (0-based) for messages
     * @param caseName names case c (0-based) for the outputs' message ("row 3 of d.csv")
     * @throws CliException (bad input) for a value the scaler makes infinite or an output that is not finite
     */
    public static void outputs(Path modelFile, Model model, Inference inference, float[] x, int rows, float[] out,
                               IntFunction<String> rowName, IntFunction<String> columnName,
                               IntFunction<String> caseName) {
        scale(model, x, rows, model.network().inputSize(), rowName, columnName);
        inference.outputs(x, rows, null, out);
        checkOutputs(modelFile, model.network(), x, out, rows, caseName);
    }

    /**
     * Refuses outputs that are not finite, naming the model, the case and the layer where the
     * values first overflow: a model with huge weights must not print NaN as a prediction.
     *
     * @param modelFile the model file, for the message
     * @param net its network
     * @param x the (scaled) inputs the outputs came from, case-major
     * @param out the outputs, case-major
     * @param rows cases
     * @param caseName names case c (0-based) for the message, e.g. "row 3 of d.csv"
     * @throws CliException (bad input) at the first output that is infinite or NaN
     */
    public static void checkOutputs(Path modelFile, Network net, float[] x, float[] out, int rows,
                                    IntFunction<String> caseName) {
        int k = net.outputSize();
        for (int i = 0; i < rows * k; i++) {
            if (!Float.isFinite(out[i])) {
                int c = i / k;
                int l = new Inference(net).firstNonFiniteLayer(x, c);
                int last = net.layers() + 1;
                throw CliException.badInput(String.format(Locale.ROOT, "%s: its output %d for %s is %s, not a finite "
                        + "number%s", modelFile, i % k + 1, caseName.apply(c), out[i], l < 0 ? ""
                        : String.format(Locale.ROOT, ": the values first overflow float32 in layer %d of %d (z^%d = "
                                + "W^%d a^%d + b^%d, layer 1 the input)", l, last, l, l, l - 1, l)));
            }
        }
    }

    /**
     * @param m a model
     * @return one line: layers, activations, loss, scaler
     */
    public static String describe(Model m) {
        StringBuilder acts = new StringBuilder();
        for (int i = 0; i < m.network().layers(); i++) {
            acts.append(i > 0 ? "," : "").append(m.network().activation(i).name());
        }
        return "model " + java.util.Arrays.toString(m.network().sizes()) + ", activations " + acts + ", loss "
                + m.loss().name() + ", scaling " + m.scaling().kind();
    }
}
