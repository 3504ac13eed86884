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
     * @param parameters the layer's parameters checked (W and b)
     * @param finiteDifferenceError worst relative error of the reference gradient against finite differences
     * @param finiteDifferenceWorstAt index within the layer (W row-major, then b) of that worst entry
     * @param float32Error max |float32 − reference| over the layer, relative to the layer's largest reference gradient
     * @param float32WorstAt index within the layer of that worst entry
     * @param skipped parameters whose finite difference crossed a ReLU kink and was not compared
     */
    public record Layer(int layerIndex, int parameters, double finiteDifferenceError, int finiteDifferenceWorstAt,
                        double float32Error, int float32WorstAt, int skipped) {
        /** @return the seed's number of the layer, layerIndex + 2 (the seed's input layer is 1) */
        public int seedLayer() {
            return ParameterLayout.seedLayer(layerIndex);
        }
    }

    private final List<Layer> layers;

    GradientCheckReport(List<Layer> layers) {
        this.layers = List.copyOf(layers);
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
        sb.append(String.format(Locale.ROOT, "%-12s %-10s %-24s %-24s %s%n", "layer (seed)", "params",
                "backprop vs finite diff", "float32 vs double", "skipped (kinks)"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "%-12s %-10d %-24.3e %-24.3e %d%n",
                    l.layerIndex() + " (" + l.seedLayer() + ")", l.parameters(),
                    l.finiteDifferenceError(), l.float32Error(), l.skipped()));
        }
        return sb.toString();
    }
}
