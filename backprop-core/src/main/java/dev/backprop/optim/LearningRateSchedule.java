package dev.backprop.optim;

/**
 * The learning rate for each epoch, from the optimizer's base rate η. Epochs count from 0.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param eta the base learning rate
     * @param epoch the epoch, from 0
     * @return the rate for that epoch, &gt; 0
     */
    double rate(double eta, int epoch);

    /** @return η in every epoch */
    static LearningRateSchedule constant() {
        return (eta, epoch) -> eta;
    }

    /**
     * @param every epochs between drops, ≥ 1
     * @param gamma factor per drop, in (0, 1]
     * @return η · γ^⌊epoch / every⌋
     */
    static LearningRateSchedule step(int every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step schedule: epochs between drops must be >= 1, got " + every);
        }
        checkGamma(gamma);
        return (eta, epoch) -> eta * StrictMath.pow(gamma, epoch / every);
    }

    /**
     * @param gamma factor per epoch, in (0, 1]
     * @return η · γ^epoch
     */
    static LearningRateSchedule exponential(double gamma) {
        checkGamma(gamma);
        return (eta, epoch) -> eta * StrictMath.pow(gamma, epoch);
    }

    /**
     * Cosine annealing from η down towards {@code min} over {@code epochs} epochs:
     * η_min + (η − η_min)(1 + cos(π · t / epochs)) / 2 with t = min(epoch, epochs − 1), so the rate
     * stays above η_min and holds its last value after the decay.
     *
     * @param epochs length of the decay, ≥ 1
     * @param min the floor, ≥ 0
     * @return the schedule
     */
    static LearningRateSchedule cosine(int epochs, double min) {
        if (epochs < 1) {
            throw new IllegalArgumentException("cosine schedule: epochs must be >= 1, got " + epochs);
        }
        if (!(min >= 0) || Double.isInfinite(min)) {
            throw new IllegalArgumentException("cosine schedule: minimum rate must be finite and >= 0, got " + min);
        }
        return (eta, epoch) -> min + (eta - min)
                * (1 + StrictMath.cos(StrictMath.PI * Math.min(epoch, epochs - 1) / epochs)) / 2;
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("schedule factor gamma must be in (0, 1], got " + gamma);
        }
    }
}
