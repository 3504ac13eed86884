package dev.backprop.cli.output;

import dev.backprop.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Locale;

/** Markdown tables for {@code --format markdown}. */
public final class Markdown {
    private Markdown() {
    }

    /**
     * @param text cell text
     * @return the text with pipes escaped and line breaks removed
     */
    public static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\R", " ");
    }

    /**
     * @param cm a confusion matrix
     * @param names class names by index
     * @return the matrix and the per-class precision, recall and F1 as two Markdown tables
     */
    public static String confusion(ConfusionMatrix cm, List<String> names) {
        int k = cm.classes();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Accuracy **%.2f%%**, macro F1 %.4f.%n%n", 100 * cm.accuracy(),
                cm.macroF1()));
        sb.append("| actual ↓ / predicted → |");
        for (String n : names) {
            sb.append(' ').append(cell(n)).append(" |");
        }
        sb.append('\n').append("| --- |");
        for (int j = 0; j < k; j++) {
            sb.append(" ---: |");
        }
        sb.append('\n');
        for (int i = 0; i < k; i++) {
            sb.append("| **").append(cell(names.get(i))).append("** |");
            for (int j = 0; j < k; j++) {
                long c = cm.count(i, j);
                sb.append(' ').append(i == j ? "**" + c + "**" : Long.toString(c)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n| class | precision | recall | F1 |\n| --- | ---: | ---: | ---: |\n");
        for (int i = 0; i < k; i++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", cell(names.get(i)), cm.precision(i),
                    cm.recall(i), cm.f1(i)));
        }
        return sb.toString();
    }
}
