package dev.backprop.cli.serve;

import dev.backprop.data.Classes;

/**
 * The text of a prediction answer, written into the worker's builder. A value is written as
 * {@code backprop predict} writes it ({@code StringBuilder.append(float)}: the shortest decimal
 * that reads back as the same float32), so the two print the same digits for the same bits.
 */
final class Answer {
    private Answer() {
    }

    /**
     * Classification: {@code {"predictions": [{"class": NAME, "index": K, "probabilities": {NAME: P, ...}}, ...]}}
     * (the outputs as an array when there is not one class name per output); regression:
     * {@code {"predictions": [[V, ...], ...]}}. One line, ending in a line break.
     *
     * @param m the model
     * @param y outputs, case-major
     * @param rows cases
     * @param sb receives the text (cleared first)
     */
    static void write(ServedModel m, float[] y, int rows, StringBuilder sb) {
        int k = m.info().outputs();
        boolean classes = m.info().classNames() != null;
        sb.setLength(0);
        sb.append("{\"predictions\":[");
        for (int r = 0; r < rows; r++) {
            sb.append(r > 0 ? "," : "");
            if (classes) {
                int c = Classes.argmax(y, r * k, k);
                sb.append("{\"class\":").append(m.classJson(c)).append(",\"index\":").append(c)
                        .append(",\"probabilities\":");
                values(m, y, r * k, k, m.namedOutputs(), sb);
                sb.append('}');
            } else {
                values(m, y, r * k, k, false, sb);
            }
        }
        sb.append("]}\n");
    }

    private static void values(ServedModel m, float[] y, int off, int k, boolean named, StringBuilder sb) {
        sb.append(named ? '{' : '[');
        for (int j = 0; j < k; j++) {
            sb.append(j > 0 ? "," : "");
            if (named) {
                sb.append(m.classJson(j)).append(':');
            }
            sb.append(y[off + j]);
        }
        sb.append(named ? '}' : ']');
    }
}
