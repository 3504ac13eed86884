/**
 * {@code backprop train} on Spark: {@link dev.backprop.spark.submit.SparkTrain}, a main class for
 * {@code spark-submit} (and for an embedded {@code local[*]} Spark, {@code ./backprop spark-train})
 * that takes train's flags, reads data Spark can read and writes the same model file and run record.
 */
package dev.backprop.spark.submit;
