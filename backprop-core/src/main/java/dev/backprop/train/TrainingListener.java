package dev.backprop.train;

/**
 * Called during training. {@link #onBatchEnd} runs inside the training loop after every step and
 * receives only primitives, so that listening allocates nothing.
 */
public interface TrainingListener {

    /**
     * After each step.
     *
     * @param epoch the epoch, from 0
     * @param batch the batch within the epoch, from 0
     * @param casesDone training cases done in this epoch
     * @param casesTotal training cases per epoch
     * @param batchError E summed over the batch's cases (before the step)
     */
    default void onBatchEnd(int epoch, int batch, int casesDone, int casesTotal, double batchError) {
    }

    /**
     * After each epoch, with its figures.
     *
     * @param record the epoch's losses and metrics
     */
    default void onEpochEnd(EpochRecord record) {
    }
}
