/**
 * The training loop: {@link dev.backprop.train.Trainer} (epochs, seeded shuffling, validation,
 * early stopping, listeners, history), step-by-step {@link dev.backprop.train.TrainingSession}, and
 * the fixed-order gradient sum over chunks of a batch (package-private),
 * {@link dev.backprop.train.Checkpoint}s to resume an interrupted run bit for bit, written to a
 * {@link dev.backprop.train.CheckpointStore} (the file format is {@code dev.backprop.io}'s, which
 * this package does not import), and {@link dev.backprop.train.Diagnostics}, warnings about
 * saturated layers, vanishing gradients and unscaled inputs.
 */
package dev.backprop.train;
