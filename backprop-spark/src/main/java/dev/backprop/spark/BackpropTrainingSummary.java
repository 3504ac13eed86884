package dev.backprop.spark;

import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;

import java.util.List;

/**
 * What a fit of {@link BackpropClassifier} or {@link BackpropRegressor} did, in the words of
 * Spark's training summaries: the objective (the training loss, E per case) and, for a
 * classifier, the training accuracy of every epoch, the epochs run, the optimizer's steps, the
 * seconds of each epoch and the kind of kernels the executors computed with. A model has one when
 * it comes from a fit ({@link BackpropClassificationModel#hasSummary()}); a saved model file holds
 * none, so a loaded or wrapped model has none. Immutable.
 */
public final class BackpropTrainingSummary {
    private final double[] objective;
    private final double[] accuracy;
    private final double[] seconds;
    private final long steps;
    private final String kernelKind;
    private final boolean stoppedEarly;

    /**
     * @param history the run's history
     * @param steps the optimizer's steps
     * @param kernelKind the kernel kind every task reported
     * @param classification whether the run counted correct classes
     */
    BackpropTrainingSummary(History history, long steps, String kernelKind, boolean classification) {
        List<EpochRecord> epochs = history.epochs();
        this.objective = epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray();
        this.accuracy = classification ? epochs.stream().mapToDouble(EpochRecord::trainAccuracy).toArray()
                : new double[0];
        this.seconds = epochs.stream().mapToDouble(EpochRecord::seconds).toArray();
        this.steps = steps;
        this.kernelKind = kernelKind;
        this.stoppedEarly = history.stoppedEarly();
    }

    /**
     * @return the training loss of each epoch, E per case, accumulated over its batches before
     *         each step, as the local trainer's history holds it
     */
    public double[] objectiveHistory() {
        return objective.clone();
    }

    /**
     * @return a classifier's training accuracy of each epoch (the share of cases whose largest
     *         output is the label, counted before each step); empty for a regressor
     */
    public double[] accuracyHistory() {
        return accuracy.clone();
    }

    /** @return the epochs run: {@code maxIter}, or fewer when {@code tol} stopped the run */
    public int totalIterations() {
        return objective.length;
    }

    /** @return the optimizer's steps, one per batch, over all epochs */
    public long steps() {
        return steps;
    }

    /** @return the wall time of each epoch, in seconds */
    public double[] secondsPerEpoch() {
        return seconds.clone();
    }

    /**
     * @return the {@linkplain dev.backprop.math.Kernels#kind() kind} of the kernels every task
     *         computed with (a fit whose tasks differ fails instead), which fixes the bits
     */
    public String kernelKind() {
        return kernelKind;
    }

    /** @return whether {@code tol} ended the run before {@code maxIter} epochs */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }
}
