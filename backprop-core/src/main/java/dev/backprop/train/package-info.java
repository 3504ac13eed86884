/**
 * The training loop: {@link dev.backprop.train.Trainer} (epochs, seeded shuffling, validation,
 * early stopping, listeners, history), step-by-step {@link dev.backprop.train.TrainingSession}, and
 * the fixed-order gradient sum over chunks of a batch, {@link dev.backprop.train.GradientSum}.
 */
package dev.backprop.train;
