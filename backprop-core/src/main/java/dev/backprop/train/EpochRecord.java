package dev.backprop.train;

/**
 * One epoch's figures. Losses are E per case (the summed E divided by the number of cases);
 * accuracies are NaN when the data are not class labels, and validation figures NaN without
 * validation data.
 *
 * @param epoch the epoch, from 0
 * @param trainLoss mean E per training case, accumulated over the epoch's batches before each step
 * @param trainAccuracy share of training cases classified correctly during the epoch
 * @param validationLoss mean E per validation case after the epoch
 * @param validationAccuracy validation accuracy after the epoch
 * @param learningRate the rate used in this epoch
 * @param seconds wall time of the epoch
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double seconds) {
}
