package dev.backprop.spark;

import dev.backprop.train.EpochRecord;
import dev.backprop.train.TrainingListener;

/**
 * The {@code tol} param on the core's trainer: ends the run after the first epoch whose training
 * loss (E per case) differs from the previous epoch's by less than the tolerance. It remembers the
 * previous epoch's loss, so each run needs a new one.
 */
final class Tolerance implements TrainingListener {
    private final double tol;
    private double previous = Double.NaN;

    /** @param tol the tolerance, &gt; 0 */
    Tolerance(double tol) {
        this.tol = tol;
    }

    @Override
    public boolean stopAfter(EpochRecord record) {
        double change = Math.abs(record.trainLoss() - previous);
        previous = record.trainLoss();
        return change < tol;
    }
}
