package dev.backprop.cli.input;

import dev.backprop.io.Model;
import java.util.Arrays;
import java.util.List;

/**
 * What the CLI keeps in a model file's training settings besides the core's metadata: the input
 * and target column names, so that {@code predict} and {@code evaluate} can check a CSV file's
 * columns by name and write named outputs.
 *
 * @param model the loaded model
 * @param featureNames the input columns' names, or null when not stored
 * @param targetNames regression target names, or null
 */
public record ModelInfo(Model model, List<String> featureNames, List<String> targetNames) {
    /** Training-settings key of the input column names, one per line. */
    public static final String FEATURES = "features";
    /** Training-settings key of the target column names, one per line. */
    public static final String TARGETS = "targets";

    /**
     * @param model a loaded model
     * @return its CLI view
     */
    public static ModelInfo of(Model model) {
        return new ModelInfo(model, names(model, FEATURES, model.network().inputSize()),
                model.classNames().isEmpty() ? names(model, TARGETS, model.network().outputSize()) : null);
    }

    private static List<String> names(Model model, String key, int expected) {
        String v = model.training().get(key);
        if (v == null) {
            return null;
        }
        List<String> n = Arrays.asList(v.split("\n", -1));
        return n.size() == expected ? List.copyOf(n) : null;
    }

    /**
     * Joins names for the settings map, or returns null when a name holds a line break.
     *
     * @param names the names
     * @return one name per line, or null
     */
    public static String join(List<String> names) {
        for (String s : names) {
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                return null;
            }
        }
        return String.join("\n", names);
    }

    /** @return the model's inputs */
    int inputs() {
        return model.network().inputSize();
    }

    /** @return the model's outputs */
    public int outputs() {
        return model.network().outputSize();
    }

    /** @return class names by output index, or null for a regression model */
    public List<String> classNames() {
        return model.classNames().isEmpty() ? null : model.classNames();
    }
}
