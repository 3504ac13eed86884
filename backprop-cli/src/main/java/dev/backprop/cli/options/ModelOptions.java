package dev.backprop.cli.options;

import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
     * Scales inputs in place with the model's scaler, as at training time.
     *
     * @param m the model
     * @param d the data
     */
    public static void scale(Model m, LoadedData d) {
        m.scaling().apply(d.x(), d.rows(), d.inputs());
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
