package dev.backprop.cli.commands;

import dev.backprop.cli.input.DataLoader;
import dev.backprop.cli.input.LoadedData;
import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.options.CsvOptions;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.JsonOut;
import dev.backprop.cli.output.Markdown;
import dev.backprop.cli.output.OutputFiles;
import dev.backprop.cli.output.PendingFiles;
import dev.backprop.cli.output.Plots;
import dev.backprop.data.Printable;
import dev.backprop.metrics.ConfusionMatrix;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Inference;
import dev.backprop.metrics.RegressionMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop evaluate}: a model's loss and metrics on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model on labelled data: loss, accuracy, confusion matrix, precision/recall/F1 per "
                + "class (or MSE and R² for regression).",
            "Example:",
            "  backprop evaluate --model model.safetensors --data t10k-images-idx3-ubyte.gz "
                    + "--labels t10k-labels-idx1-ubyte.gz --plot confusion.png"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions io;

    @Mixin
    CsvOptions csv;

    @Option(names = "--plot", paramLabel = "PNG", description = "Write the confusion matrix as a heat map.")
    Path plot;

    @Option(names = "--format", paramLabel = "text|markdown|json", description = "Output format. Default: "
            + "${DEFAULT-VALUE}.")
    Format format = Format.TEXT;

    /** Output formats. */
    enum Format {
        /** Aligned text. */
        TEXT,
        /** Markdown tables. */
        MARKDOWN,
        /** One JSON object. */
        JSON
    }

    /** The most classes the text and Markdown tables show: more would not fit a screen's width. */
    static final int TABLE_CLASSES = 30;
    /** The most classes of the plotted and JSON confusion matrix: its cells grow as the square. */
    static final int MATRIX_CLASSES = 100;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (plot != null) {
            OutputFiles.checkWritable(plot, "--plot");
            OutputFiles.checkDistinct(io.files(), Map.of("--plot", plot));
            Plots.checkName(plot, "--plot");
        }
        ModelInfo m = io.load();
        if (plot != null && m.classNames() == null) {
            throw CliException.badInput("--plot draws a confusion matrix, but " + io.model() + " does regression");
        }
        LoadedData d = DataLoader.forModel(io.data(), io.labels(), csv, m, true);
        ModelOptions.scale(m.model(), d);
        Evaluation ev = Evaluation.of(m.model().network(), m.model().loss(), d.dataset());
        if (!Double.isFinite(ev.loss())) {
            float[] y = new Inference(m.model().network()).outputs(d.x(), d.rows());
            ModelOptions.checkOutputs(io.model(), m.model().network(), d.x(), y, d.rows(),
                    c -> "row " + (c + 1) + " of " + d.file());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", io.model().toString());
        json.put("data", io.data().toString());
        json.put("cases", d.rows());
        json.put("loss", ev.loss());
        if (format == Format.TEXT) {
            out.println(Printable.escape(d.summary()));
            out.println(ModelOptions.describe(m.model()));
            out.printf(Locale.ROOT, "loss %.6f per case (%s)%n", ev.loss(), m.model().loss().name());
        } else if (format == Format.MARKDOWN) {
            out.printf(Locale.ROOT, "**%s** on **%s** (%d cases): loss %.6f per case (%s)%n%n",
                    Markdown.cell(io.model().toString()), Markdown.cell(io.data().toString()),
                    d.rows(), ev.loss(), m.model().loss().name());
        }
        if (ev.isClassification()) {
            ConfusionMatrix cm = ev.confusion();
            List<String> names = m.classNames();
            json.put("accuracy", cm.accuracy());
            json.put("macro_f1", cm.macroF1());
            json.put("classes", names);
            classesJson(cm, names, json);
            List<String> printable = names.stream().map(Printable::escape).toList();
            if (format == Format.TEXT) {
                out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d)%n%n", 100 * cm.accuracy(),
                        Math.round(cm.accuracy() * cm.total()), cm.total());
                out.print(cm.format(printable.toArray(new String[0]), TABLE_CLASSES));
            } else if (format == Format.MARKDOWN) {
                out.print(Markdown.confusion(cm, names, TABLE_CLASSES));
            }
            if (plot != null) {
                try (PendingFiles files = new PendingFiles()) {
                    Plots.confusion(cm, printable, MATRIX_CLASSES, plot, files);
                    files.commit();
                }
                json.put("plot", plot.toString());
                if (format != Format.JSON) {
                    out.println("confusion matrix drawn to " + Printable.escape(plot.toString()));
                }
            }
        } else {
            RegressionMetrics r = ev.regression();
            json.put("mse", r.mse());
            json.put("r2", r.r2());
            if (format == Format.TEXT) {
                out.printf(Locale.ROOT, "MSE %.6g, R² %.6f%n", r.mse(), r.r2());
                for (int t = 0; t < m.outputs(); t++) {
                    out.printf(Locale.ROOT, "  %s: MSE %.6g, R² %.6f%n", Printable.escape(targetName(m, t)), r.mse(t),
                            r.r2(t));
                }
            } else if (format == Format.MARKDOWN) {
                out.println("| target | MSE | R² |");
                out.println("| --- | ---: | ---: |");
                for (int t = 0; t < m.outputs(); t++) {
                    out.printf(Locale.ROOT, "| %s | %.6g | %.6f |%n", Markdown.cell(targetName(m, t)), r.mse(t),
                            r.r2(t));
                }
                out.printf(Locale.ROOT, "| **all** | %.6g | %.6f |%n", r.mse(), r.r2());
            }
        }
        if (format == Format.JSON) {
            out.println(JsonOut.write(json));
        }
        out.flush();
        return 0;
    }

    /**
     * The per-class scores of every class and the confusion matrix, the latter over at most
     * {@link #MATRIX_CLASSES} classes: with more, those with the most cases, named in
     * {@code confusion_classes}, and how many were left out in {@code confusion_left_out}.
     */
    private static void classesJson(ConfusionMatrix cm, List<String> names, Map<String, Object> json) {
        List<Map<String, Object>> per = new ArrayList<>();
        for (int a = 0; a < cm.classes(); a++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", names.get(a));
            c.put("precision", cm.precision(a));
            c.put("recall", cm.recall(a));
            c.put("f1", cm.f1(a));
            per.add(c);
        }
        int[] shown = cm.largest(MATRIX_CLASSES);
        long[][] counts = new long[shown.length][shown.length];
        for (int i = 0; i < shown.length; i++) {
            for (int j = 0; j < shown.length; j++) {
                counts[i][j] = cm.count(shown[i], shown[j]);
            }
        }
        json.put("confusion", Arrays.asList(counts));
        if (shown.length < cm.classes()) {
            json.put("confusion_classes", Arrays.stream(shown).mapToObj(names::get).toList());
            json.put("confusion_left_out", cm.classes() - shown.length);
        }
        json.put("per_class", per);
    }

    static String targetName(ModelInfo m, int t) {
        return m.targetNames() != null ? m.targetNames().get(t) : "y" + t;
    }
}
