package dev.backprop.cli.output;

import dev.backprop.data.Dataset;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes held-out cases as CSV (no header; features, then the class name or target values). */
public final class HeldOutCsv {
    private HeldOutCsv() {
    }

    /**
     * @param files the command's outputs, which write it
     * @param file the CSV file
     * @param d the cases, unscaled
     * @param classNames class names by label, or null when the cases hold regression targets
     * @throws IOException if the file cannot be written
     */
    public static void write(PendingFiles files, Path file, Dataset d, List<String> classNames) throws IOException {
        files.write(file, os -> {
            Writer w = new CheckedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), "--write-test " + file);
            PrintWriter pw = new PrintWriter(w);
            StringBuilder sb = new StringBuilder();
            float[] x = d.x();
            float[] y = d.y();
            int in = d.inputs();
            int out = d.outputs();
            for (int c = 0; c < d.size(); c++) {
                sb.setLength(0);
                for (int j = 0; j < in; j++) {
                    sb.append(j > 0 ? "," : "").append(x[c * in + j]);
                }
                if (classNames != null) {
                    sb.append(',').append(CsvCell.quote(classNames.get(d.label(c))));
                } else {
                    for (int t = 0; t < out; t++) {
                        sb.append(',').append(y[c * out + t]);
                    }
                }
                sb.append('\n');
                pw.print(sb);
            }
            pw.flush();
        });
    }
}
