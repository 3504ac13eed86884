/**
 * The benchmark of issue 12: Backprop on Spark against MLlib's {@code MultilayerPerceptronClassifier}
 * on the same SparkSession, the same cached Fashion-MNIST DataFrame, the same network and the same
 * start. A program ({@link dev.backprop.spark.bench.SparkBench}), compiled and run only by the Maven
 * profile {@code spark-bench} of backprop-spark; see backprop-bench/README.md, "Spark against MLlib".
 */
package dev.backprop.spark.bench;
