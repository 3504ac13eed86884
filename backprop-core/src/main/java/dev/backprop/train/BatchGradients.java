package dev.backprop.train;

/**
 * Where a {@link TrainingSession} gets the gradient of a batch. The session keeps everything else
 * (epochs, the case order, learning-rate schedules, listeners, the history, early stopping,
 * checkpoints and the optimizer's state) and hands each step's batch here. The default, used for a
 * {@link dev.backprop.data.Dataset}, runs the chunks on this machine; another implementation may
 * compute them elsewhere (for example on a cluster) and, by following the contract below, give the
 * same bits.
 *
 * <p>The contract: the batch's cases are cut into chunks of
 * {@link TrainingConfig#chunkCases(int) config.chunkCases(cases())} cases from its first (the last
 * chunk may be shorter); chunk k's gradient and E are those of a
 * {@link dev.backprop.nn.Backpropagation} of that capacity on the chunk's cases, on the network's
 * current {@linkplain dev.backprop.nn.Network#parameters() parameters}; the chunks' gradients are
 * added in the tree of {@link GradientSum}, keyed by k, and their E values in chunk order.
 */
public interface BatchGradients {

    /** @return the training cases per epoch */
    int cases();

    /** @return whether the targets are one-hot class labels, so that correct cases are counted */
    boolean classification();

    /**
     * The CRC-32C of the training cases, which a checkpoint records so that a run resumes only on
     * the data it started with: the inputs of every case in case-index order, then the targets of
     * every case in that order, as little-endian float32, in 8 lower-case hex digits. It is the
     * value {@link Checkpoint#settingsOf(TrainingConfig, dev.backprop.data.Dataset,
     * dev.backprop.data.Dataset)} records for a {@link dev.backprop.data.Dataset} of the same
     * cases, so a checkpoint written by one implementation resumes with another on the same cases.
     * It is asked for only when a run writes checkpoints or resumes from one.
     *
     * @return the checksum
     * @throws UnsupportedOperationException by default: an implementation that cannot give it
     *         trains without checkpoints
     */
    default String crc32c() {
        throw new UnsupportedOperationException(getClass().getName() + " does not give its cases' CRC-32C "
                + "(BatchGradients.crc32c), which checkpoints record: train it with checkpointEvery 0");
    }

    /**
     * Computes the gradient of the batch of cases {@code order[first .. first+count)}, with the
     * network's parameters as they are now.
     *
     * @param order the epoch's case order (indices into the training cases); not to be changed
     * @param first the batch's first position in {@code order}
     * @param count the batch's cases, ≥ 1
     * @param gradient receives the batch's summed gradient (length: the network's parameter count)
     * @param correct {@code correct[0]} is increased by the cases whose largest output is the target
     *        class, when {@link #classification()}
     * @return E summed over the batch's cases, chunk by chunk in order
     */
    double batch(int[] order, int first, int count, float[] gradient, int[] correct);
}
