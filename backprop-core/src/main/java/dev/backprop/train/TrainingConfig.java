package dev.backprop.train;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Loss;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a training run needs besides the network and the data. Build with
 * {@link #builder(Loss, Supplier)} or {@link #builder(Loss, Optimizer)}; instances are immutable:
 * the optimizer is given as a factory, so every run gets a new one, and one configuration can
 * drive any number of runs, one after another or at once.
 */
public final class TrainingConfig {
    /** Cases per chunk when the caller does not say; see {@link Builder#chunkSize(int)}. */
    public static final int DEFAULT_CHUNK = 256;

    final Loss loss;
    private final Supplier<? extends Optimizer> optimizers;
    /** The optimizer's {@link Optimizer#describe()} and base rate, the same for every run. */
    final String optimizerDescription;
    final float learningRate;
    final int epochs;
    final int batchSize;
    final boolean averageGradient;
    final boolean shuffle;
    final long seed;
    final double validationSplit;
    final int patience;
    final double minDelta;
    final boolean restoreBest;
    final LearningRateSchedule schedule;
    final int chunkSize;
    final Kernels kernels;
    final List<TrainingListener> listeners;
    final int checkpointEvery;
    final CheckpointStore checkpointStore;
    final java.util.Map<String, String> fingerprint;

    private TrainingConfig(Builder b) {
        loss = b.loss;
        optimizers = b.optimizers;
        Optimizer one = newOptimizer();
        Optimizer other = newOptimizer();
        if (one == other) {
            throw new IllegalArgumentException("the optimizer factory gave the same optimizer twice; it must make a "
                    + "new one for each run");
        }
        if (!one.describe().equals(other.describe()) || one.learningRate() != other.learningRate()) {
            throw new IllegalArgumentException("the optimizer factory gave " + one.describe() + ", then "
                    + other.describe() + "; it must make the same optimizer for each run");
        }
        optimizerDescription = one.describe();
        learningRate = one.learningRate();
        epochs = b.epochs;
        batchSize = b.batchSize;
        averageGradient = b.averageGradient;
        shuffle = b.shuffle;
        seed = b.seed;
        validationSplit = b.validationSplit;
        patience = b.patience;
        minDelta = b.minDelta;
        restoreBest = b.restoreBest;
        schedule = b.schedule;
        chunkSize = b.chunkSize;
        kernels = b.kernels;
        listeners = List.copyOf(b.listeners);
        checkpointEvery = b.checkpointEvery;
        checkpointStore = b.checkpointStore;
        fingerprint = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(b.fingerprint));
    }

    /**
     * @param loss the error function E
     * @param optimizers makes the update rule for each run: a new optimizer, with the same
     *        settings, on every call (for example {@code () -> new Adam(0.001f)})
     * @return a builder with defaults: 1 epoch, batch size 32, summed gradient, shuffling, seed 0
     */
    public static Builder builder(Loss loss, Supplier<? extends Optimizer> optimizers) {
        return new Builder(loss, Objects.requireNonNull(optimizers, "optimizer factory"));
    }

    /**
     * As {@link #builder(Loss, Supplier)} with {@code optimizer::fresh}: each run trains with a
     * fresh copy of {@code optimizer} ({@link Optimizer#fresh()}), which itself is never prepared
     * or stepped by a run. An optimizer that cannot copy itself makes {@link Builder#build()} throw
     * {@link UnsupportedOperationException}; give it a factory instead.
     *
     * @param loss the error function E
     * @param optimizer the update rule and its settings
     * @return a builder with defaults: 1 epoch, batch size 32, summed gradient, shuffling, seed 0
     */
    public static Builder builder(Loss loss, Optimizer optimizer) {
        return builder(loss, Objects.requireNonNull(optimizer, "optimizer")::fresh);
    }

    /** @return the loss */
    public Loss loss() {
        return loss;
    }

    /**
     * A new optimizer from the configuration's factory, not yet prepared: each run calls this once.
     *
     * @return the optimizer
     */
    public Optimizer newOptimizer() {
        return Objects.requireNonNull(optimizers.get(), "the optimizer factory gave null");
    }

    /** @return the number of epochs */
    public int epochs() {
        return epochs;
    }

    /** @return cases per step ({@link Integer#MAX_VALUE} for full batch) */
    public int batchSize() {
        return batchSize;
    }

    /** @return true to step on the batch mean (Nielsen's η/m), false for the seed's summed gradient */
    public boolean averageGradient() {
        return averageGradient;
    }

    /** @return whether cases are reshuffled each epoch */
    public boolean shuffle() {
        return shuffle;
    }

    /** @return the seed for shuffling and the validation split */
    public long seed() {
        return seed;
    }

    /** @return share of the training data held out for validation (0 for none) */
    public double validationSplit() {
        return validationSplit;
    }

    /** @return epochs without improvement of the validation loss before stopping (0: never stop early) */
    public int patience() {
        return patience;
    }

    /** @return the learning-rate schedule */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** @return cases per chunk */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * The cases per chunk of a run on {@code cases} training cases: the chunk size, or the batch
     * if that is smaller. Batches are cut into chunks of this many cases from their first.
     *
     * @param cases training cases per epoch, ≥ 1
     * @return cases per chunk
     */
    public int chunkCases(int cases) {
        return Math.min(chunkSize, Math.min(batchSize, cases));
    }

    /** @return the matrix kernels */
    public Kernels kernels() {
        return kernels;
    }

    /** @return steps between checkpoints, 0 when the run writes none */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return where checkpoints are written, or null when the run writes none */
    public CheckpointStore checkpointStore() {
        return checkpointStore;
    }

    /** @return the caller's entries of the settings fingerprint, by name (see {@link Builder#fingerprint}) */
    public java.util.Map<String, String> fingerprint() {
        return fingerprint;
    }

    /**
     * This configuration with checkpoints written to {@code store} every {@code batches} steps,
     * as {@link Builder#checkpointEvery(int, CheckpointStore)} sets them, and everything else the
     * same (the optimizer factory, the listeners, the fingerprint): for a caller that is handed a
     * configuration and chooses where its checkpoints go, such as a trainer on a cluster.
     *
     * @param batches steps between checkpoints, ≥ 1 ({@link Integer#MAX_VALUE}: at epoch ends only)
     * @param store where to write them
     * @return the new configuration
     */
    public TrainingConfig withCheckpoints(int batches, CheckpointStore store) {
        if (batches < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 batch, got " + batches);
        }
        return new TrainingConfig(this, batches, Objects.requireNonNull(store, "checkpoint store"));
    }

    /** A copy of {@code c} but for its checkpoints: every field but those two, as it is. */
    private TrainingConfig(TrainingConfig c, int checkpointEvery, CheckpointStore checkpointStore) {
        loss = c.loss;
        optimizers = c.optimizers;
        optimizerDescription = c.optimizerDescription;
        learningRate = c.learningRate;
        epochs = c.epochs;
        batchSize = c.batchSize;
        averageGradient = c.averageGradient;
        shuffle = c.shuffle;
        seed = c.seed;
        validationSplit = c.validationSplit;
        patience = c.patience;
        minDelta = c.minDelta;
        restoreBest = c.restoreBest;
        schedule = c.schedule;
        chunkSize = c.chunkSize;
        kernels = c.kernels;
        listeners = c.listeners;
        this.checkpointEvery = checkpointEvery;
        this.checkpointStore = checkpointStore;
        fingerprint = c.fingerprint;
    }

    /** Builds a {@link TrainingConfig}. */
    public static final class Builder {
        private final Loss loss;
        private final Supplier<? extends Optimizer> optimizers;
        private int epochs = 1;
        private int batchSize = 32;
        private boolean averageGradient;
        private boolean shuffle = true;
        private long seed;
        private double validationSplit;
        private int patience;
        private double minDelta;
        private boolean restoreBest = true;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private int chunkSize = DEFAULT_CHUNK;
        private Kernels kernels = Kernels.defaults();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int checkpointEvery;
        private CheckpointStore checkpointStore;
        private final java.util.Map<String, String> fingerprint = new java.util.TreeMap<>();

        private Builder(Loss loss, Supplier<? extends Optimizer> optimizers) {
            this.loss = Objects.requireNonNull(loss, "loss");
            this.optimizers = optimizers;
        }

        /**
         * @param epochs passes over the training data, ≥ 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * Mini-batch size: 1 is online learning (a step after every case).
         *
         * @param batchSize cases per step, ≥ 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Full-batch gradient descent: one step per epoch on the gradient over all training cases.
         *
         * @return this builder
         */
        public Builder fullBatch() {
            this.batchSize = Integer.MAX_VALUE;
            return this;
        }

        /**
         * @param average true to step on the batch mean ∂E/∂w / B (Nielsen's w − (η/m) Σ ∇), false
         *                (the default) for the seed's w − η ∂E/∂w on the summed gradient
         * @return this builder
         */
        public Builder averageGradient(boolean average) {
            this.averageGradient = average;
            return this;
        }

        /**
         * @param shuffle whether to reshuffle the training cases every epoch (default true)
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * @param seed seed for shuffling and the validation split (default 0)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param fraction share of the training data held out for validation, in [0, 1)
         * @return this builder
         */
        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /**
         * Stops when the validation loss has not improved by more than {@code minDelta} for
         * {@code patience} epochs, and restores the best weights. Needs validation data.
         *
         * @param patience epochs to wait, ≥ 1
         * @param minDelta smallest improvement that counts, ≥ 0
         * @return this builder
         */
        public Builder earlyStopping(int patience, double minDelta) {
            if (patience < 1) {
                throw new IllegalArgumentException("early stopping patience must be >= 1 epoch, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("early stopping min delta must be >= 0, got " + minDelta);
            }
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        /**
         * @param restore whether early stopping puts back the weights of the best epoch (default true)
         * @return this builder
         */
        public Builder restoreBestWeights(boolean restore) {
            this.restoreBest = restore;
            return this;
        }

        /**
         * @param schedule learning rate per epoch (default constant)
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * Cases per chunk of a batch: a batch larger than this is processed chunk by chunk and the
         * chunk gradients are summed in a fixed binary tree whose shape depends only on the number of chunks. Changing it changes the
         * rounding of large-batch gradients; thread count never does.
         *
         * @param chunkSize cases, ≥ 1 (default 256)
         * @return this builder
         */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * @param kernels matrix kernels (default {@link Kernels#defaults()})
         * @return this builder
         */
        public Builder kernels(Kernels kernels) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /**
         * @param listener called after every batch and epoch
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Writes a {@link Checkpoint} to {@code store} (replacing the previous one) after
         * every {@code batches} optimizer steps of the run, counted from its first step, and at the
         * end of every epoch, so that {@link Trainer#resume} can continue the run with the same bits.
         * The steps between checkpoints allocate nothing. A checkpoint whose parameters or
         * optimizer state are not finite is never written: training stops with a
         * {@link TrainingException} and the store keeps the last good checkpoint.
         *
         * @param batches steps between checkpoints, ≥ 1 ({@link Integer#MAX_VALUE}: at epoch ends only)
         * @param store where to write them, such as {@code CheckpointFile.store(path)} (the file's
         *        directory must exist)
         * @return this builder
         */
        public Builder checkpointEvery(int batches, CheckpointStore store) {
            if (batches < 1) {
                throw new IllegalArgumentException("checkpoint interval must be >= 1 batch, got " + batches);
            }
            this.checkpointEvery = batches;
            this.checkpointStore = Objects.requireNonNull(store, "checkpoint store");
            return this;
        }

        /**
         * Adds an entry to the settings fingerprint that checkpoints hold (as
         * {@code settings.extra.NAME}), for what the library cannot see but a resumed run must
         * share: the data file, the input scaling, the target column. Resuming with a different
         * value, or without the entry, is refused.
         *
         * @param name a non-empty name
         * @param value its value
         * @return this builder
         */
        public Builder fingerprint(String name, String value) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a fingerprint entry needs a non-empty name");
            }
            fingerprint.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the optimizer factory gives one optimizer twice, or
         *         optimizers with different settings
         */
        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
