package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Network;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Everything needed to continue a training run so that it ends with the same bits as a run that
 * was never interrupted: the network, the optimizer's state and step count, where the run is (epoch,
 * batch, the epoch's shuffled order, the shuffling RNG's state, the epoch's running sums and
 * learning rate), the history so far, the early-stopping state, and the settings the run was
 * started with (its fingerprint).
 *
 * <p>{@link Trainer} writes checkpoints when configured with
 * {@link TrainingConfig.Builder#checkpointEvery(int, CheckpointStore)}, and continues one with
 * {@link Trainer#resume(Checkpoint, Network, Dataset)} (or, on batch gradients,
 * {@link Trainer#resume(Checkpoint, Network, BatchGradients)}); {@code dev.backprop.io.CheckpointFile} saves
 * and loads them. The network is held, not copied; arrays are not copied either.
 *
 * @param network the network with the parameters at the checkpoint (a copy of the trained one)
 * @param optimizer the optimizer's description, step count and state arrays
 * @param progress where in the run the checkpoint was taken
 * @param epochs the history: one record per finished epoch
 * @param earlyStopping the early-stopping state (best validation loss and weights)
 * @param settings the run's settings fingerprint, see {@link #settingsOf(TrainingConfig, Dataset, Dataset)}
 */
public record Checkpoint(Network network, OptimizerState optimizer, Progress progress, List<EpochRecord> epochs,
                         EarlyStopping earlyStopping, Map<String, String> settings) {

    /** Settings key of the training data's size; see {@link #settingsOf}. */
    public static final String TRAIN_CASES = "train_cases";

    /**
     * Checks that the parts fit together and copies the lists and maps.
     *
     * @param network the network at the checkpoint
     * @param optimizer optimizer state
     * @param progress position in the run
     * @param epochs finished epochs
     * @param earlyStopping early-stopping state
     * @param settings the settings fingerprint
     * @throws IllegalArgumentException if the sizes do not fit together
     */
    public Checkpoint {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        epochs = List.copyOf(epochs);
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        int p = network.layout().size();
        for (float[] s : optimizer.state()) {
            if (s.length != p) {
                throw new IllegalArgumentException("optimizer state array of " + s.length + " values for a network of "
                        + p + " parameters");
            }
        }
        if (earlyStopping.bestParameters() != null && earlyStopping.bestParameters().length != p) {
            throw new IllegalArgumentException("best parameters of " + earlyStopping.bestParameters().length
                    + " values for a network of " + p + " parameters");
        }
        int finished = progress.epochFinished() ? progress.epoch() + 1 : progress.epoch();
        if (epochs.size() != finished) {
            throw new IllegalArgumentException("a checkpoint at epoch " + progress.epoch() + ", case "
                    + progress.position() + " of " + progress.order().length + " needs " + finished
                    + " epoch records, got " + epochs.size());
        }
        for (int e = 0; e < epochs.size(); e++) {
            if (epochs.get(e).epoch() != e) {
                throw new IllegalArgumentException("epoch record " + e + " is numbered " + epochs.get(e).epoch());
            }
        }
        if (earlyStopping.stopped() && !progress.epochFinished()) {
            throw new IllegalArgumentException("early stopping can only have stopped at the end of an epoch");
        }
    }

    /**
     * The optimizer at the checkpoint.
     *
     * @param description its {@link dev.backprop.optim.Optimizer#describe()}
     * @param steps its {@link dev.backprop.optim.Optimizer#steps()}
     * @param state its {@link dev.backprop.optim.Optimizer#state()} arrays (copies), each one value
     *        per parameter in the network's flat order
     */
    public record OptimizerState(String description, long steps, float[][] state) {
        /**
         * @param description the optimizer's description
         * @param steps steps taken, ≥ 0
         * @param state state arrays
         */
        public OptimizerState {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(state, "state");
            if (steps < 0) {
                throw new IllegalArgumentException("optimizer steps must be >= 0, got " + steps);
            }
        }
    }

    /**
     * Where the run stood.
     *
     * @param epoch the epoch in progress or just finished, from 0
     * @param batch batches done in that epoch
     * @param position training cases done in that epoch; {@code order.length} when it is finished
     * @param order the epoch's order of the training cases (a permutation of 0 .. n−1); the next
     *        epoch's shuffle starts from it
     * @param rngState the shuffling RNG's state ({@link dev.backprop.math.Rng#state()})
     * @param epochError E summed over the epoch's cases so far
     * @param epochCorrect training cases classified correctly in the epoch so far
     * @param learningRate the epoch's learning rate (from the schedule)
     * @param epochSeconds wall time spent in the epoch so far
     */
    public record Progress(int epoch, int batch, int position, int[] order, long rngState, double epochError,
                           int epochCorrect, float learningRate, double epochSeconds) {
        /**
         * @param epoch the epoch
         * @param batch batches done in it
         * @param position cases done in it
         * @param order the order of the cases
         * @param rngState the RNG state
         * @param epochError E so far
         * @param epochCorrect correct so far
         * @param learningRate the epoch's rate
         * @param epochSeconds time so far
         * @throws IllegalArgumentException if the numbers do not fit together
         */
        public Progress {
            Objects.requireNonNull(order, "order");
            if (epoch < 0 || batch < 1 || position < 1 || position > order.length || epochCorrect < 0
                    || epochCorrect > position) {
                throw new IllegalArgumentException("checkpoint progress out of range: epoch " + epoch + ", batch "
                        + batch + ", case " + position + " of " + order.length + ", " + epochCorrect + " correct");
            }
        }

        /** @return whether the epoch had finished (all its cases done) */
        public boolean epochFinished() {
            return position == order.length;
        }
    }

    /**
     * The early-stopping state.
     *
     * @param bestLoss the best validation loss so far (+∞ before the first)
     * @param bestEpoch the epoch that reached it, −1 if none
     * @param bestParameters its parameters (flat), or null when early stopping is off or no epoch
     *        has finished
     * @param stopped whether early stopping has ended the run
     */
    public record EarlyStopping(double bestLoss, int bestEpoch, float[] bestParameters, boolean stopped) {
        /** @return the state of a run without early stopping, or before its first epoch */
        public static EarlyStopping none() {
            return new EarlyStopping(Double.POSITIVE_INFINITY, -1, null, false);
        }
    }

    /**
     * Epochs finished since the best validation loss, the count early stopping compares with its
     * patience.
     *
     * @return the count, or the number of finished epochs when none was best yet
     */
    public int epochsWithoutImprovement() {
        return epochs.size() - 1 - earlyStopping.bestEpoch();
    }

    /** @return whether the run has ended: early stopping stopped it */
    public boolean stoppedEarly() {
        return earlyStopping.stopped();
    }

    /** @return the history so far, as {@link Trainer} returns it */
    public History history() {
        History h = new History();
        for (EpochRecord r : epochs) {
            h.add(r);
        }
        if (earlyStopping.stopped()) {
            h.stoppedEarly(earlyStopping.bestEpoch());
        }
        return h;
    }

    /**
     * The settings a resumed run must share with the checkpoint's run, by name: the loss, the
     * optimizer with its hyperparameters, batch size, gradient averaging, shuffling, seed,
     * validation split, early stopping, chunk size, and the size and CRC-32C of the training and
     * validation data, and the caller's entries ({@link TrainingConfig.Builder#fingerprint}) as
     * {@code extra.NAME}. The number of epochs is not among them (a run may be extended), nor the
     * kernels' thread count (it never changes the bits); the learning-rate schedule is checked
     * against the rates of the epochs so far.
     *
     * @param config the settings
     * @param train the training data
     * @param validation the validation data, or null
     * @return the fingerprint, sorted by name
     */
    public static Map<String, String> settingsOf(TrainingConfig config, Dataset train, Dataset validation) {
        return settingsOf(config, train.size(), crc(train), validation);
    }

    /**
     * The settings fingerprint of a run on batch gradients: as
     * {@link #settingsOf(TrainingConfig, Dataset, Dataset)} gives it for a {@link Dataset} of the
     * same cases and no validation data, so that a run checkpointed on this machine resumes on
     * gradients computed elsewhere, and the other way round.
     *
     * @param config the settings
     * @param train the training cases' gradients, which give their count and {@linkplain
     *        BatchGradients#crc32c() CRC-32C}
     * @return the fingerprint, sorted by name
     */
    public static Map<String, String> settingsOf(TrainingConfig config, BatchGradients train) {
        return settingsOf(config, train.cases(), train.crc32c(), null);
    }

    private static Map<String, String> settingsOf(TrainingConfig config, int trainCases, String trainCrc,
                                                  Dataset validation) {
        TreeMap<String, String> s = new TreeMap<>();
        s.put("loss", config.loss.name());
        s.put("optimizer", config.optimizerDescription);
        s.put("batch_size", config.batchSize == Integer.MAX_VALUE ? "full" : Integer.toString(config.batchSize));
        s.put("average_gradient", Boolean.toString(config.averageGradient));
        s.put("shuffle", Boolean.toString(config.shuffle));
        s.put("seed", Long.toString(config.seed));
        s.put("validation_split", Double.toString(config.validationSplit));
        s.put("early_stopping", config.patience == 0 ? "off" : "patience=" + config.patience + ",min_delta="
                + config.minDelta + ",restore_best=" + config.restoreBest);
        s.put("chunk_size", Integer.toString(config.chunkSize));
        s.put(TRAIN_CASES, Integer.toString(trainCases));
        s.put("train_crc32c", trainCrc);
        s.put("validation_cases", validation == null ? "0" : Integer.toString(validation.size()));
        s.put("validation_crc32c", validation == null ? "none" : crc(validation));
        for (Map.Entry<String, String> e : config.fingerprint.entrySet()) {
            s.put("extra." + e.getKey(), e.getValue());
        }
        return s;
    }

    /** CRC-32C of a data set's inputs then targets as little-endian float32. */
    static String crc(Dataset d) {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : new float[][] {d.x(), d.y()}) {
            int n = Math.multiplyExact(d.size(), v == d.x() ? d.inputs() : d.outputs());
            int per = buf.capacity() / 4;
            for (int done = 0; done < n; done += per) {
                int k = Math.min(per, n - done);
                buf.clear();
                buf.asFloatBuffer().put(v, done, k);
                buf.limit(4 * k);
                crc.update(buf);
            }
        }
        String hex = Long.toHexString(crc.getValue());
        return "00000000".substring(hex.length()) + hex;
    }

    /**
     * Refuses to resume with other settings, another network shape or another schedule.
     *
     * @throws IllegalArgumentException naming the first difference
     */
    void checkResumable(Network net, TrainingConfig config, Map<String, String> now) {
        String have = describe(network);
        String want = describe(net);
        if (!have.equals(want)) {
            throw new IllegalArgumentException("cannot resume: the checkpoint holds a network " + have
                    + ", the network given is " + want);
        }
        List<String> keys = new ArrayList<>(new TreeMap<>(settings).keySet());
        for (String k : now.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            String was = settings.get(k);
            String is = now.get(k);
            if (!Objects.equals(was, is)) {
                throw new IllegalArgumentException("cannot resume: the checkpoint's run had " + k + "=" + was
                        + ", this run has " + k + "=" + is + "; resume with the same settings and data");
            }
        }
        float eta = config.learningRate;
        for (EpochRecord r : epochs) {
            checkRate(config, eta, r.epoch(), (float) r.learningRate());
        }
        if (!progress.epochFinished()) {
            checkRate(config, eta, progress.epoch(), progress.learningRate());
        }
    }

    private static void checkRate(TrainingConfig config, float eta, int epoch, float used) {
        float rate = (float) config.schedule.rate(eta, epoch);
        if (Float.floatToRawIntBits(rate) != Float.floatToRawIntBits(used)) {
            throw new IllegalArgumentException("cannot resume: the learning-rate schedule gives " + rate + " for epoch "
                    + epoch + ", the checkpoint's run used " + used + "; resume with the same schedule");
        }
    }

    private static String describe(Network n) {
        StringBuilder s = new StringBuilder();
        int[] sizes = n.sizes();
        for (int i = 0; i < sizes.length; i++) {
            s.append(i > 0 ? "," : "").append(sizes[i]);
        }
        s.append(" (");
        for (int i = 0; i < n.layers(); i++) {
            s.append(i > 0 ? "," : "").append(n.activation(i).name());
        }
        return s.append(')').toString();
    }
}
