package dev.backprop.cli.output;

import dev.backprop.data.Printable;
import dev.backprop.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Locale;

/** Markdown tables for {@code --format markdown}. */
public final class Markdown {
    private Markdown() {
    }

    /**
     * @param text cell text
     * @return the text with pipes escaped and control characters written as escapes
     *     ({@link Printable#escape}), so that it stays one cell that a terminal shows as it is
     */
    public static String cell(String text) {
        return Printable.escape(text.replace("|", "\\|"));
    }

    /**
     * @param cm a confusion matrix
     * @param names class names by index
     * @param maxClasses the most classes shown: with more, those with the most cases
     *     ({@link ConfusionMatrix#largest}) and a line saying how many were left out
     * @return the matrix and the per-class precision, recall and F1 as two Markdown tables
     */
    public static String confusion(ConfusionMatrix cm, List<String> names, int maxClasses) {
        int[] shown = cm.largest(maxClasses);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Accuracy **%.2f%%**, macro F1 %.4f.%n%n", 100 * cm.accuracy(),
                cm.macroF1()));
        if (shown.length < cm.classes()) {
            sb.append(cm.leftOut(shown.length)).append("\n\n");
        }
        sb.append("| actual ↓ / predicted → |");
        for (int j : shown) {
            sb.append(' ').append(cell(names.get(j))).append(" |");
        }
        sb.append('\n').append("| --- |");
        for (int j = 0; j < shown.length; j++) {
            sb.append(" ---: |");
        }
        sb.append('\n');
        for (int i : shown) {
            sb.append("| **").append(cell(names.get(i))).append("** |");
            for (int j : shown) {
                long c = cm.count(i, j);
                sb.append(' ').append(i == j ? "**" + c + "**" : Long.toString(c)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n| class | precision | recall | F1 |\n| --- | ---: | ---: | ---: |\n");
        for (int i : shown) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", cell(names.get(i)), cm.precision(i),
                    cm.recall(i), cm.f1(i)));
        }
        return sb.toString();
    }
}
