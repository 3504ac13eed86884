package dev.backprop.train;

/**
 * Called during training. {@link #onBatchEnd} and {@link #onStep} run inside the training loop
 * after every step; they receive primitives and the live session, so that listening allocates
 * nothing (a listener that allocates makes the step allocate).
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
     * After each step, after {@link #onBatchEnd}, with the session itself: its
     * {@linkplain TrainingSession#network() network} (to read or copy the parameters),
     * {@linkplain TrainingSession#stepCount() step count}, epoch, learning rate and running figures.
     * The session is live: keep what is needed, not the session.
     *
     * @param session the run being trained
     * @param batchError E summed over the batch's cases (before the step)
     */
    default void onStep(TrainingSession session, double batchError) {
    }

    /**
     * After each epoch, with its figures.
     *
     * @param record the epoch's losses and metrics
     */
    default void onEpochEnd(EpochRecord record) {
    }

    /**
     * Asked after each epoch, after every listener's {@link #onEpochEnd}: whether to end the run
     * there (for example when the training loss has stopped changing). A run a listener ends keeps
     * that epoch's parameters; its {@link History#stoppedEarly()} is true and its
     * {@link History#bestEpoch()} −1, since no earlier weights are put back. Early stopping on the
     * validation loss is asked first and wins when both stop the same epoch.
     *
     * @param record the epoch's losses and metrics
     * @return true to train no further epoch
     */
    default boolean stopAfter(EpochRecord record) {
        return false;
    }
}
