package dev.backprop.spark.bench;

import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

/**
 * Our flat parameters in the order of MLPC's {@code initialWeights} and back. MLPC holds, layer by
 * layer, the affine layer's matrix A (outputs × inputs) in Breeze's column-major order, then its
 * bias: unit d's weight from input s is at {@code s * outputs + d}. We hold W row-major with the
 * same orientation (at {@code d * inputs + s}), then b; so each layer's matrix is transposed and
 * the biases stay where they are. float32 → float64 is exact, so a round trip gives our bits.
 */
final class MlpcLayout {
    private MlpcLayout() {
    }

    /**
     * @param network the network
     * @return its parameters as MLPC's weight vector
     */
    static double[] toMlpc(Network network) {
        ParameterLayout layout = network.layout();
        float[] p = network.parameters();
        double[] w = new double[layout.size()];
        int o = 0;
        for (int l = 0; l < layout.layers(); l++) {
            int units = layout.units(l);
            int inputs = layout.inputs(l);
            int from = layout.weightOffset(l);
            for (int s = 0; s < inputs; s++) {
                for (int d = 0; d < units; d++) {
                    w[o++] = p[from + d * inputs + s];
                }
            }
            for (int d = 0; d < units; d++) {
                w[o++] = p[layout.biasOffset(l) + d];
            }
        }
        return w;
    }

    /**
     * @param mlpc MLPC's weight vector for {@code layout}
     * @param layout our layout of the same network
     * @return the same values in our order, still in float64
     */
    static double[] toOurs(double[] mlpc, ParameterLayout layout) {
        if (mlpc.length != layout.size()) {
            throw new IllegalArgumentException("MLPC's weights hold " + mlpc.length + " values; network " + layout
                    + " has " + layout.size());
        }
        double[] p = new double[mlpc.length];
        int o = 0;
        for (int l = 0; l < layout.layers(); l++) {
            int units = layout.units(l);
            int inputs = layout.inputs(l);
            int from = layout.weightOffset(l);
            for (int s = 0; s < inputs; s++) {
                for (int d = 0; d < units; d++) {
                    p[from + d * inputs + s] = mlpc[o++];
                }
            }
            for (int d = 0; d < units; d++) {
                p[layout.biasOffset(l) + d] = mlpc[o++];
            }
        }
        return p;
    }

    /**
     * @param ours our parameters
     * @param other the same parameters of another run, in our order
     * @return the largest |ours − other|, in float64
     */
    static double maxAbsDifference(float[] ours, double[] other) {
        double max = 0;
        for (int j = 0; j < ours.length; j++) {
            max = Math.max(max, Math.abs(ours[j] - other[j]));
        }
        return max;
    }
}
