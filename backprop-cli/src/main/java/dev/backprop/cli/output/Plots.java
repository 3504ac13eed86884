package dev.backprop.cli.output;

import dev.backprop.metrics.ConfusionMatrix;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG pictures drawn with XChart: training curves and a confusion-matrix heat map. */
public final class Plots {
    private Plots() {
    }

    /**
     * Loss per epoch (training and, when measured, validation) and, for classes, accuracy per epoch,
     * side by side in one PNG.
     *
     * @param history the run's epochs (at least one)
     * @param classification whether to draw the accuracy panel
     * @param file the PNG to write
     * @param files the command's outputs, which write it
     * @throws IOException if it cannot be written
     */
    public static void trainingCurves(History history, boolean classification, Path file, PendingFiles files)
            throws IOException {
        List<EpochRecord> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw CliException.badInput("--plot " + file + ": no epoch was trained, so there is no curve to draw");
        }
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i).epoch() + 1;
        }
        boolean validation = !Double.isNaN(epochs.get(0).validationLoss());
        List<XYChart> charts = new ArrayList<>();
        XYChart loss = chart("Loss per case", "loss");
        loss.addSeries("training", x, values(epochs, EpochRecord::trainLoss));
        if (validation) {
            loss.addSeries("validation", x, values(epochs, EpochRecord::validationLoss));
        }
        charts.add(loss);
        if (classification) {
            XYChart acc = chart("Accuracy", "accuracy (%)");
            acc.addSeries("training", x, percent(values(epochs, EpochRecord::trainAccuracy)));
            if (validation) {
                acc.addSeries("validation", x, percent(values(epochs, EpochRecord::validationAccuracy)));
            }
            charts.add(acc);
        }
        if (x.length > 40) {
            for (XYChart c : charts) {
                c.getSeriesMap().values().forEach(s -> s.setMarker(SeriesMarkers.NONE));
            }
        }
        write(charts, file, files);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(yTitle.startsWith("acc") ? Styler.LegendPosition.InsideSE
                : Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static double[] values(List<EpochRecord> epochs, java.util.function.ToDoubleFunction<EpochRecord> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    private static double[] percent(double[] v) {
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = 100 * v[i];
        }
        return p;
    }

    /**
     * The confusion matrix as a heat map: actual class down, predicted class across, counts in the
     * cells; over at most {@code maxClasses} classes, those with the most cases
     * ({@link ConfusionMatrix#largest}), the title saying how many were left out. The picture is
     * at most 1720 × 1600 pixels.
     *
     * @param cm the matrix
     * @param names class names by index
     * @param maxClasses the most classes drawn, ≥ 1
     * @param file the PNG to write
     * @param files the command's outputs, which write it
     * @throws IOException if it cannot be written
     */
    public static void confusion(ConfusionMatrix cm, List<String> names, int maxClasses, Path file,
            PendingFiles files) throws IOException {
        int[] shown = cm.largest(maxClasses);
        int k = shown.length;
        int side = Math.max(480, Math.min(1600, 160 + 48 * k));
        String title = "Confusion matrix (" + cm.total() + " cases"
                + (k < cm.classes() ? "; the " + k + " of " + cm.classes() + " classes with the most" : "") + ")";
        HeatMapChart c = new HeatMapChartBuilder().width(side + 120).height(side).title(title).xAxisTitle("predicted")
                .yAxisTitle("actual").build();
        c.getStyler().setShowValue(k <= 30);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214),
            new Color(8, 48, 107)});
        c.getStyler().setLegendVisible(false);
        List<String> xs = new ArrayList<>();
        for (int i : shown) {
            xs.add(names.get(i));
        }
        List<String> ys = new ArrayList<>(xs);
        List<Number[]> heat = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                // y runs upward in the chart: put class 0 on the top row, as in the text table
                heat.add(new Number[] {p, k - 1 - a, cm.count(shown[a], shown[p])});
            }
        }
        java.util.Collections.reverse(ys);
        c.addSeries("confusion", xs, ys, heat);
        write(List.of(c), file, files);
    }

    /**
     * Refuses a picture file whose name says it is not a PNG: the bytes written are PNG whatever
     * the name, and a viewer goes by the name.
     *
     * @param file the --plot file
     * @param option the option that named it, for the message
     * @throws CliException (bad input) for a name ending in an extension other than {@code .png}
     */
    public static void checkName(Path file, String option) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString();
        int dot = n.lastIndexOf('.');
        if (dot > 0 && !n.substring(dot).equalsIgnoreCase(".png")) {
            throw CliException.badInput(option + " " + file + ": writes a PNG picture; expected a file name ending "
                    + "in .png, not " + n.substring(dot));
        }
    }

    private static <T extends Chart<?, ?>> void write(List<T> charts, Path file, PendingFiles files)
            throws IOException {
        // ImageIO's default cache is a file in java.io.tmpdir with a closer thread that prints a stack
        // trace at exit when that disk is full; the PNG is small enough to encode in memory
        ImageIO.setUseCache(false);
        files.write(file, out -> BitmapEncoder.saveBitmap(charts, 1, charts.size(), out,
                BitmapEncoder.BitmapFormat.PNG));
    }
}
