package dev.backprop.cli.commands;

import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.output.CheckedWriter;
import dev.backprop.cli.output.CsvCell;
import dev.backprop.cli.output.OutputFiles;
import dev.backprop.data.Classes;
import dev.backprop.nn.Inference;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop predict}: a model's outputs for new inputs, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model's predictions for a CSV file (or IDX images) as CSV: the predicted class and "
                + "the output per class (softmax: probabilities), or the predicted values for regression. The "
                + "model's input scaling is applied. Label columns in the input, if any, are ignored.",
            "Example:",
            "  backprop predict --model iris.safetensors --data new-flowers.csv --out predictions.csv"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions io;

    @Mixin
    CsvOptions csv;

    @Option(names = {"--out", "-o"}, paramLabel = "CSV", description = "Where to write the predictions (written "
            + "whole or not at all). Default, or '-': stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path file = out == null || OutputFiles.isStandardOutput(out) ? null : out;
        if (file != null) {
            OutputFiles.checkWritable(file, "--out");
            OutputFiles.checkDistinct(io.files(), java.util.Map.of("--out", file));
        }
        ModelInfo m = io.load();
        LoadedData d = DataLoader.forModel(io.data(), io.labels(), csv, m, false);
        float[] y = new float[d.rows() * m.outputs()];
        ModelOptions.outputs(io.model(), m.model(), new Inference(m.model().network()), d.x(), d.rows(), y,
                r -> d.file() + " row " + (r + 1), j -> d.featureNames().get(j), c -> "row " + (c + 1) + " of " + d.file());
        if (file == null) {
            PrintWriter w = spec.commandLine().getOut();
            write(w, m, y, d.rows());
            w.flush();
        } else {
            OutputFiles.writeAtomically(file, (OutputStream os) -> {
                Writer w = new CheckedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), "--out " + file);
                PrintWriter pw = new PrintWriter(w);
                write(pw, m, y, d.rows());
                pw.flush();
            });
        }
        return 0;
    }

    private static void write(PrintWriter w, ModelInfo m, float[] y, int rows) {
        int k = m.outputs();
        List<String> header = new ArrayList<>();
        List<String> classes = m.classNames();
        if (classes != null) {
            header.add("predicted");
            for (String c : classes) {
                header.add(c);
            }
        } else {
            for (int t = 0; t < k; t++) {
                header.add(EvaluateCommand.targetName(m, t));
            }
        }
        w.print(row(header));
        w.print('\n');
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.setLength(0);
            if (classes != null) {
                sb.append(CsvCell.quote(classes.get(Classes.argmax(y, r * k, k))));
                sb.append(',');
            }
            for (int j = 0; j < k; j++) {
                sb.append(j > 0 ? "," : "").append(y[r * k + j]);
            }
            sb.append('\n');
            w.print(sb);
        }
    }

    private static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            sb.append(i > 0 ? "," : "").append(CsvCell.quote(cells.get(i)));
        }
        return sb.toString();
    }
}
