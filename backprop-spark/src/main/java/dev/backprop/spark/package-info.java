/**
 * Training on Apache Spark with the same bits as training on one machine. {@link
 * dev.backprop.spark.SparkTrainer} packs a DataFrame's rows into chunks of float32 cases on the
 * executors once per epoch order, and computes each step's batch gradient there, chunk by chunk,
 * through the core's {@link dev.backprop.train.BatchGradients} hook: the driver keeps the epochs,
 * schedules, listeners, history and optimizer, and adds the executors' complete subtrees of chunk
 * gradients in the core's {@link dev.backprop.train.GradientSum} tree. Checkpoints go to any
 * Hadoop path in the core's checkpoint file format and resume with the same bits, here or on the
 * local trainer.
 */
package dev.backprop.spark;
