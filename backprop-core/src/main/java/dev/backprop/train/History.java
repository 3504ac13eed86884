package dev.backprop.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The figures of every epoch of a training run, in order. */
public final class History {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private boolean stoppedEarly;
    private int bestEpoch = -1;

    void add(EpochRecord r) {
        epochs.add(r);
    }

    void stoppedEarly(int best) {
        stoppedEarly = true;
        bestEpoch = best;
    }

    /** @return the epochs, in order (unmodifiable) */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return the last epoch's record */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** @return whether early stopping ended the run */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** @return the epoch whose weights were kept by early stopping, or −1 */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the training loss per epoch */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray();
    }

    /** @return the validation loss per epoch */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(EpochRecord::validationLoss).toArray();
    }
}
