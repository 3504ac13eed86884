package dev.backprop.spark;

import java.io.Serializable;

/**
 * What one task returns for one step: the complete subtrees of the batch's chunks it holds, in
 * chunk order. Serializable only because Spark sends task results to the driver with Java
 * serialization; it holds nothing but primitive arrays.
 *
 * @param first the batch index of its first chunk
 * @param sizes the chunks in each subtree, in order (powers of two)
 * @param sums the subtrees' gradient sums, one after another (sizes.length × parameters)
 * @param errors E of each of its chunks, in order
 * @param correct its cases whose largest output is the target class
 * @param kind the kind of the kernels that computed it ({@link dev.backprop.math.Kernels#kind()})
 */
record Part(int first, int[] sizes, float[] sums, double[] errors, int correct, String kind) implements Serializable {
    private static final long serialVersionUID = 1L;
}
