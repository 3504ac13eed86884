package dev.backprop.spark;

/**
 * One chunk of a batch, packed on an executor: its cases in epoch order, inputs and targets row by
 * row. Kept in Spark's memory cache as objects, never serialized.
 *
 * @param id the chunk's index over the epoch (see {@link Geometry})
 * @param cases its cases
 * @param x inputs, cases × inputs, row-major
 * @param y targets, cases × outputs, row-major
 */
record Chunk(int id, int cases, float[] x, float[] y) {
}
