/**
 * Measuring a network: {@link dev.backprop.metrics.Evaluation}, accuracy and per-class
 * precision/recall/F1 in {@link dev.backprop.metrics.ConfusionMatrix}, MSE and R² in
 * {@link dev.backprop.metrics.RegressionMetrics}.
 */
package dev.backprop.metrics;
