package dev.backprop.check;

import dev.backprop.nn.ParameterLayout;

import java.util.List;
import java.util.Locale;

/** The result of a {@link GradientCheck}: the worst relative errors per layer. */
public final class GradientCheckReport {

    /**
     * One layer's result.
     *
     * @param layerIndex the layer index from 0 (the seed's layer is {@link #seedLayer()})
     * @param parameters the layer's parameters (W and b)
     * @param checked how many of them were differenced: all, or the sample
     * @param finiteDifferenceError worst relative error of the reference gradient against finite differences
     * @param finiteDifferenceWorstAt index within the layer (W row-major, then b) of that worst entry
     * @param float32Error max |float32 − reference| over the layer, relative to the layer's largest reference gradient
     * @param float32WorstAt index within the layer of that worst entry
     * @param skipped parameters whose finite difference crossed a ReLU kink and was not compared
     */
    public record Layer(int layerIndex, int parameters, int checked, double finiteDifferenceError, int finiteDifferenceWorstAt,
                        double float32Error, int float32WorstAt, int skipped) {
        /** @return the seed's number of the layer, layerIndex + 2 (the seed's input layer is 1) */
        public int seedLayer() {
            return ParameterLayout.seedLayer(layerIndex);
        }
    }

    /** Unit round-off of double precision, 2⁻⁵³. */
    private static final double U = 0x1p-53;
    private final List<Layer> layers;
    private final double error;
    private final int cases;
    private final double step;
    private final double floor;
    private final long evaluations;

    GradientCheckReport(List<Layer> layers, double error, int cases, double step, double floor, long evaluations) {
        this.layers = List.copyOf(layers);
        this.error = error;
        this.cases = cases;
        this.step = step;
        this.floor = floor;
        this.evaluations = evaluations;
    }

    /** @return E of the reference network over the batch, at the checked parameters */
    public double error() {
        return error;
    }

    /** @return the network's parameters */
    public long parameters() {
        return layers.stream().mapToLong(Layer::parameters).sum();
    }

    /** @return the parameters differenced: all, or the sample */
    public long checked() {
        return layers.stream().mapToLong(Layer::checked).sum();
    }

    /** @return evaluations of E over the batch that the finite differences took (one forward pass each) */
    long evaluations() {
        return evaluations;
    }

    /**
     * The tolerance this check's finite differences can honour: max(1e-6, 6 √cases · u · |E| / (h · floor)),
     * u = 2⁻⁵³. E is a sum of per-case errors computed in double, and each of the stencil's four values of
     * E is off by up to about 2 √cases · u · |E| (measured: 1.8 u|E| at 5 cases, 4 u|E| at 50, whatever the
     * layers' widths, as the rounding of the last sums dominates), the
     * stencil's weights (1 + 8 + 8 + 1) / 12h make that an absolute error 1.5× that over h, and a gradient
     * below the floor is measured against the floor; twice that ratio leaves room for the worst of many
     * parameters. A batch with a large E (many cases, many outputs, a poor fit) needs more than 1e-6:
     * 784-30-10 on five random cases has E ≈ 12 and its exact gradient differs from the differences by
     * 1.7e-6 of the floor. With a floor of 0 every comparison is relative and the tolerance is 1e-6.
     *
     * @return the default finite-difference tolerance for this check
     */
    public double finiteDifferenceTolerance() {
        if (floor == 0) {
            return 1e-6;
        }
        return Math.max(1e-6, 6 * Math.sqrt(cases) * U * Math.abs(error) / (step * floor));
    }

    /** @return one result per layer, in order */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the worst finite-difference relative error over all layers */
    public double worstFiniteDifferenceError() {
        return layers.stream().mapToDouble(Layer::finiteDifferenceError).max().orElse(0);
    }

    /** @return the worst float32 relative error over all layers */
    public double worstFloat32Error() {
        return layers.stream().mapToDouble(Layer::float32Error).max().orElse(0);
    }

    /**
     * @param finiteDifferenceTolerance the largest allowed finite-difference error
     * @param float32Tolerance the largest allowed float32 error
     * @return whether every layer is within both
     */
    public boolean passes(double finiteDifferenceTolerance, double float32Tolerance) {
        return worstFiniteDifferenceError() <= finiteDifferenceTolerance
                && worstFloat32Error() <= float32Tolerance;
    }

    /** @return a table, one line per layer, which it names by layer index and (in parentheses) seed layer */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %-10s %-10s %-24s %-24s %s%n", "layer (seed)", "params",
                "checked", "backprop vs finite diff", "float32 vs double", "skipped (kinks)"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "%-12s %-10d %-10d %-24.3e %-24.3e %d%n",
                    l.layerIndex() + " (" + l.seedLayer() + ")", l.parameters(), l.checked(),
                    l.finiteDifferenceError(), l.float32Error(), l.skipped()));
        }
        return sb.toString();
    }
}
