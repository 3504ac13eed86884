package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.EpochRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Saves and loads a training {@link Checkpoint} as one safetensors file (readable by Python's
 * {@code safetensors} and by NumPy, like a {@link ModelFile}).
 *
 * <p>Tensors, all little-endian, laid out back to back in this order:
 * <ul>
 * <li>{@code history} [E, 6], F64: per finished epoch, train loss, train accuracy, validation loss,
 *     validation accuracy, learning rate, seconds (NaN where not measured);</li>
 * <li>{@code layers.i.W} [n_(i+1), n_i] and {@code layers.i.b} [n_(i+1)], F32: the parameters,
 *     named and shaped as in a model file;</li>
 * <li>{@code optimizer.state.k} [P], F32, for k = 0 .. {@code optimizer.state_arrays} − 1: the
 *     optimizer's state arrays (for example Adam's m and v), in the flat parameter order;</li>
 * <li>{@code early_stopping.best_parameters} [P], F32, present exactly when
 *     {@code early_stopping.best_epoch} ≥ 0: the weights of the best epoch;</li>
 * <li>{@code order} [n], I32: the current epoch's order of the n training cases.</li>
 * </ul>
 * {@code __metadata__}, all strings: {@code checkpoint_version} ({@value #FORMAT_VERSION}),
 * {@code architecture} and {@code activations} (as in a model file), {@code optimizer} (its
 * description), {@code optimizer.steps}, {@code optimizer.state_arrays}, {@code epoch},
 * {@code batch}, {@code position} (cases done in the epoch; n when the epoch has finished),
 * {@code rng_state} (signed decimal), {@code epoch_error}, {@code epoch_correct},
 * {@code learning_rate}, {@code epoch_seconds}, {@code history.checksums} (the epochs' parameter
 * CRC-32C, comma-separated), {@code early_stopping.best_loss}, {@code early_stopping.best_epoch},
 * {@code early_stopping.stopped}, {@code crc32c} (each tensor's CRC-32C as {@code NAME:8 hex digits},
 * comma-separated in data order), and one {@code settings.NAME} per entry of the run's settings
 * fingerprint ({@link Checkpoint#settingsOf}). Floating-point values are written so that they read
 * back to the same bits (Java's shortest decimal form, or a hexadecimal float where that would not
 * round-trip).
 *
 * <p>Saving is atomic: a temporary file in the same directory is written, forced to disk, renamed
 * over the target ({@code ATOMIC_MOVE}) and the directory forced, so the file on disk is always the
 * old checkpoint or the new one, never a mix. A process killed while writing leaves a stray
 * {@code .NAME.HEX.tmp} beside the file; the next successful save deletes such leftovers. Loading checks everything and refuses a bad file with an
 * {@link InputFormatException} whose one-line message names the file, the byte offset and what was
 * expected: the safetensors layout (header length, JSON, offsets, no gaps, overlaps or trailing
 * bytes), the metadata keys and their values, each tensor's name, dtype and shape, finite
 * parameters and optimizer state, an order that is a permutation, and every tensor's bytes against
 * its stored CRC-32C, so that a flipped bit is refused instead of resuming a different model.
 */
public final class CheckpointFile {
    /** The checkpoint format version written, and the only one read. */
    public static final String FORMAT_VERSION = "1";

    private static final List<String> KEYS = List.of("checkpoint_version", "architecture", "activations", "optimizer",
            "optimizer.steps", "optimizer.state_arrays", "epoch", "batch", "position", "rng_state", "epoch_error",
            "epoch_correct", "learning_rate", "epoch_seconds", "history.checksums", "early_stopping.best_loss",
            "early_stopping.best_epoch", "early_stopping.stopped", "crc32c");

    /**
     * The key of each tensor's CRC-32C. Every checkpoint written carries it; one without it (written
     * before checkpoints stored checksums) still loads, so that such a run can be resumed, with only
     * its values' own checks.
     */
    private static final String CHECKSUMS = "crc32c";

    private static final Pattern DECIMAL = Pattern.compile("-?(NaN|Infinity|[0-9]+\\.[0-9]+(E-?[0-9]+)?)");
    private static final Pattern HEX_FLOAT = Pattern.compile("-?0x[01]\\.[0-9a-f]+p-?[0-9]+");

    private CheckpointFile() {
    }

    /**
     * The checkpoint store that a training run writes to
     * ({@link dev.backprop.train.TrainingConfig.Builder#checkpointEvery}): each checkpoint is
     * {@linkplain #save saved} atomically to {@code file}, and messages name the store by the path.
     *
     * @param file the checkpoint file (its directory must exist)
     * @return the store
     */
    public static dev.backprop.train.CheckpointStore store(Path file) {
        java.util.Objects.requireNonNull(file, "checkpoint file");
        return new dev.backprop.train.CheckpointStore() {
            @Override
            public void save(Checkpoint checkpoint) throws IOException {
                CheckpointFile.save(file, checkpoint);
            }

            @Override
            public String name() {
                return file.toString();
            }
        };
    }

    /**
     * Writes a checkpoint atomically, replacing {@code file}. On failure the temporary file is
     * deleted and an existing {@code file} is left as it was.
     *
     * @param file the checkpoint file
     * @param checkpoint the checkpoint
     * @throws IllegalArgumentException if a parameter or optimizer state value is not finite
     *         (nothing is written)
     * @throws IOException if the file cannot be written
     */
    public static void save(Path file, Checkpoint checkpoint) throws IOException {
        Map<String, String> meta = metadata(checkpoint);
        Safetensors.write(file, meta, tensors(checkpoint, meta));
    }

    /**
     * Writes a checkpoint to a stream, byte for byte as {@link #save(Path, Checkpoint)} writes a
     * file; the stream is flushed and left open. Making the write atomic is the caller's business
     * (for example a temporary file renamed once it is complete).
     *
     * @param out the stream
     * @param checkpoint the checkpoint
     * @throws IllegalArgumentException as for {@link #save(Path, Checkpoint)} (nothing is written)
     * @throws IOException if the stream cannot be written
     */
    public static void save(OutputStream out, Checkpoint checkpoint) throws IOException {
        Map<String, String> meta = metadata(checkpoint);
        Safetensors.write(out, meta, tensors(checkpoint, meta));
    }

    /** The header's metadata but the tensors' checksums; refuses what a checkpoint cannot hold. */
    private static Map<String, String> metadata(Checkpoint checkpoint) {
        Network net = checkpoint.network();
        Checkpoint.OptimizerState opt = checkpoint.optimizer();
        Checkpoint.Progress pr = checkpoint.progress();
        Checkpoint.EarlyStopping es = checkpoint.earlyStopping();
        requireFinite(net.parameters(), "parameter");
        for (int k = 0; k < opt.state().length; k++) {
            requireFinite(opt.state()[k], "optimizer state " + k + ", value");
        }
        if (es.bestParameters() != null) {
            requireFinite(es.bestParameters(), "best parameter");
        }
        if ((es.bestEpoch() >= 0) != (es.bestParameters() != null)) {
            throw new IllegalArgumentException("early stopping's best parameters must be given exactly when its best "
                    + "epoch is >= 0, got best epoch " + es.bestEpoch());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("checkpoint_version", FORMAT_VERSION);
        Architecture.write(net, meta);
        meta.put("optimizer", opt.description());
        meta.put("optimizer.steps", Long.toString(opt.steps()));
        meta.put("optimizer.state_arrays", Integer.toString(opt.state().length));
        meta.put("epoch", Integer.toString(pr.epoch()));
        meta.put("batch", Integer.toString(pr.batch()));
        meta.put("position", Integer.toString(pr.position()));
        meta.put("rng_state", Long.toString(pr.rngState()));
        meta.put("epoch_error", exact(pr.epochError()));
        meta.put("epoch_correct", Integer.toString(pr.epochCorrect()));
        meta.put("learning_rate", exact(pr.learningRate()));
        meta.put("epoch_seconds", exact(pr.epochSeconds()));
        StringBuilder sums = new StringBuilder();
        for (int e = 0; e < checkpoint.epochs().size(); e++) {
            String sum = checkpoint.epochs().get(e).checksum();
            if (sum.isEmpty()) {
                throw new IllegalArgumentException("epoch record " + e + " has no parameter checksum");
            }
            sums.append(e > 0 ? "," : "").append(sum);
        }
        meta.put("history.checksums", sums.toString());
        meta.put("early_stopping.best_loss", exact(es.bestLoss()));
        meta.put("early_stopping.best_epoch", Integer.toString(es.bestEpoch()));
        meta.put("early_stopping.stopped", Boolean.toString(es.stopped()));
        for (Map.Entry<String, String> e : checkpoint.settings().entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new IllegalArgumentException("a setting needs a non-empty name");
            }
            meta.put("settings." + e.getKey(), e.getValue());
        }
        return meta;
    }

    /** The tensors in data order; puts their CRC-32C in the metadata's {@code crc32c} entry. */
    private static List<Safetensors.Out> tensors(Checkpoint checkpoint, Map<String, String> meta) {
        ParameterLayout layout = checkpoint.network().layout();
        float[] w = checkpoint.network().parameters();
        float[][] state = checkpoint.optimizer().state();
        float[] best = checkpoint.earlyStopping().bestParameters();
        int[] order = checkpoint.progress().order();
        List<EpochRecord> epochs = checkpoint.epochs();
        double[] history = new double[epochs.size() * 6];
        for (int e = 0; e < epochs.size(); e++) {
            EpochRecord r = epochs.get(e);
            double[] row = {r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(),
                r.learningRate(), r.seconds()};
            System.arraycopy(row, 0, history, 6 * e, 6);
        }
        List<Safetensors.Out> tensors = new ArrayList<>();
        tensors.add(Safetensors.Out.f64("history", history, epochs.size(), 6));   // first: 8-byte aligned
        for (int i = 0; i < layout.layers(); i++) {
            tensors.add(Safetensors.Out.f32("layers." + i + ".W", w, layout.weightOffset(i), layout.units(i),
                    layout.inputs(i)));
            tensors.add(Safetensors.Out.f32("layers." + i + ".b", w, layout.biasOffset(i), layout.units(i)));
        }
        for (int k = 0; k < state.length; k++) {
            tensors.add(Safetensors.Out.f32("optimizer.state." + k, state[k], 0, layout.size()));
        }
        if (best != null) {
            tensors.add(Safetensors.Out.f32("early_stopping.best_parameters", best, 0, layout.size()));
        }
        tensors.add(Safetensors.Out.i32("order", order, order.length));
        StringBuilder crcs = new StringBuilder();
        for (Safetensors.Out t : tensors) {
            crcs.append(crcs.length() > 0 ? "," : "").append(t.name()).append(':').append(Safetensors.crc32c(t));
        }
        meta.put("crc32c", crcs.toString());
        return tensors;
    }

    private static void requireFinite(float[] v, String what) {
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw new IllegalArgumentException(what + " " + j + " is " + v[j]
                        + "; a checkpoint with non-finite values cannot be saved");
            }
        }
    }

    /** A decimal that reads back to the same bits, or the hexadecimal form where it would not. */
    static String exact(double x) {
        String s = Double.toString(x);
        return Double.doubleToRawLongBits(Double.parseDouble(s)) == Double.doubleToRawLongBits(x)
                ? s : Double.toHexString(x);
    }

    static String exact(float x) {
        String s = Float.toString(x);
        return Float.floatToRawIntBits(Float.parseFloat(s)) == Float.floatToRawIntBits(x) ? s : Float.toHexString(x);
    }

    // ----------------------------------------------------------------------------------- loading

    /**
     * Reads a checkpoint written by {@link #save(Path, Checkpoint)}.
     *
     * @param file the checkpoint file
     * @return the checkpoint; parameters, optimizer state and order are bit for bit those saved
     * @throws InputFormatException if the file is not a valid checkpoint: the one-line message names
     *         the file, the byte offset and what was expected
     * @throws IOException if the file cannot be read at all
     */
    public static Checkpoint load(Path file) throws IOException {
        try (Safetensors.Reader r = Safetensors.open(file)) {
            return new Loader(r).load();
        }
    }

    /**
     * Reads a checkpoint from a stream, with the checks and messages of {@link #load(Path)}. The
     * stream is read to its end (its bytes are held while the checkpoint is read) and left open.
     *
     * @param in the stream
     * @param source what messages call the stream, in place of a file name (for example its URI)
     * @return the checkpoint
     * @throws InputFormatException if the bytes are not a valid checkpoint: the one-line message
     *         names the source, the byte offset and what was expected
     * @throws IOException if the stream cannot be read
     */
    public static Checkpoint load(InputStream in, String source) throws IOException {
        try (Safetensors.Reader r = Safetensors.open(in, source)) {
            return new Loader(r).load();
        }
    }

    private static final class Loader {
        private final Safetensors.Reader r;
        private Map<String, Json.Str> meta;

        Loader(Safetensors.Reader r) {
            this.r = r;
        }

        private InputFormatException fail(Json.Str at, String expected) {
            return r.fail(r.h(at.at()), expected);
        }

        Checkpoint load() throws IOException {
            r.readHeader("a \"__metadata__\" entry; the header has none, so this is not a Backprop checkpoint");
            r.readEntries(null);
            r.checkCoverage();
            meta = r.meta;
            Map<String, String> settings = settings();

            // the network's shape
            Architecture shape = Architecture.read(r, meta.get("architecture"), meta.get("activations"));
            int[] sizes = shape.sizes();
            ParameterLayout layout = shape.layout();
            Activation[] acts = shape.activations();
            String arch = meta.get("architecture").value();

            // scalars
            long steps = integer("optimizer.steps", 0, Long.MAX_VALUE);
            int stateArrays = (int) integer("optimizer.state_arrays", 0, 16);
            int epoch = (int) integer("epoch", 0, Integer.MAX_VALUE);
            int batch = (int) integer("batch", 1, Integer.MAX_VALUE);
            int position = (int) integer("position", 1, Integer.MAX_VALUE);
            long rngState = integer("rng_state", Long.MIN_VALUE, Long.MAX_VALUE);
            double epochError = real("epoch_error");
            int epochCorrect = (int) integer("epoch_correct", 0, position);
            Json.Str rateText = meta.get("learning_rate");
            real("learning_rate");
            float rate = Float.parseFloat(rateText.value());
            if (!(rate > 0f) || Float.isInfinite(rate)) {
                throw fail(rateText, "a float32 learning rate that is finite and > 0, found \"" + rateText.value() + "\"");
            }
            double seconds = real("epoch_seconds");
            double bestLoss = real("early_stopping.best_loss");
            Json.Str stoppedText = meta.get("early_stopping.stopped");
            if (!stoppedText.value().equals("true") && !stoppedText.value().equals("false")) {
                throw fail(stoppedText, "true or false as early_stopping.stopped, found \"" + stoppedText.value() + "\"");
            }
            boolean stopped = stoppedText.value().equals("true");

            // tensors
            boolean hasBest = checkTensorNames(layout, stateArrays, arch);
            Safetensors.Entry orderEntry = orderEntry(position, settings);
            int n = (int) orderEntry.count;
            boolean finished = position == n;
            int rows = finished ? epoch + 1 : epoch;
            Safetensors.Entry historyEntry = r.require("history", "F64", new long[] {rows, 6},
                    "epoch " + epoch + (finished ? " (finished)" : " (in progress)"));
            long best = integer("early_stopping.best_epoch", -1, rows - 1);
            if ((best >= 0) != hasBest) {
                throw r.fail(best >= 0 ? 8 : r.h(r.tensors.get("early_stopping.best_parameters").headerAt),
                        best >= 0 ? "a tensor \"early_stopping.best_parameters\" for best epoch " + best
                                + "; the header has none"
                                : "no tensor \"early_stopping.best_parameters\" when early_stopping.best_epoch is -1");
            }
            if (stopped && !finished) {
                throw fail(stoppedText, "early_stopping.stopped false for an epoch in progress (position " + position
                        + " of " + n + ")");
            }
            String[] sums = checksums(rows);

            // every tensor's shape now follows from the metadata, and the header check has matched
            // each to the data section: the arrays below are no larger than the file
            long[] flat = {layout.size()};
            List<Safetensors.Entry> weights = new ArrayList<>();
            for (int i = 0; i < layout.layers(); i++) {
                weights.add(r.require("layers." + i + ".W", "F32", new long[] {layout.units(i), layout.inputs(i)},
                        "architecture " + arch));
                weights.add(r.require("layers." + i + ".b", "F32", new long[] {layout.units(i)}, "architecture " + arch));
            }
            List<Safetensors.Entry> stateEntries = new ArrayList<>();
            for (int k = 0; k < stateArrays; k++) {
                stateEntries.add(r.require("optimizer.state." + k, "F32", flat, "architecture " + arch));
            }
            Safetensors.Entry bestEntry = hasBest
                    ? r.require("early_stopping.best_parameters", "F32", flat, "architecture " + arch) : null;

            // values
            Network net = new Network(sizes, acts);
            float[] w = net.parameters();
            for (int i = 0; i < layout.layers(); i++) {
                r.readF32(weights.get(2 * i), w, layout.weightOffset(i));
                r.readF32(weights.get(2 * i + 1), w, layout.biasOffset(i));
            }
            float[][] state = new float[stateArrays][];
            for (int k = 0; k < stateArrays; k++) {
                state[k] = new float[layout.size()];
                r.readF32(stateEntries.get(k), state[k], 0);
            }
            float[] bestParameters = null;
            if (hasBest) {
                bestParameters = new float[layout.size()];
                r.readF32(bestEntry, bestParameters, 0);
            }
            int[] order = readOrder(orderEntry, n);
            List<EpochRecord> epochs = epochs(historyEntry, rows, sums);
            if (meta.containsKey(CHECKSUMS)) {
                verifyChecksums();
            }
            try {
                return new Checkpoint(net, new Checkpoint.OptimizerState(meta.get("optimizer").value(), steps, state),
                        new Checkpoint.Progress(epoch, batch, position, order, rngState, epochError, epochCorrect, rate,
                                seconds),
                        epochs, new Checkpoint.EarlyStopping(bestLoss, (int) best, bestParameters, stopped), settings);
            } catch (IllegalArgumentException e) {
                throw r.fail(8, "a consistent checkpoint: " + e.getMessage());
            }
        }

        /** Checks the version and the key set; returns the run's settings. */
        private Map<String, String> settings() throws InputFormatException {
            if (!meta.containsKey("checkpoint_version")) {
                throw r.fail(r.h(r.metaObj.at()), "__metadata__ key \"checkpoint_version\"; the header has none, so "
                        + "this is not a Backprop checkpoint" + (meta.containsKey("format_version")
                        ? " (it looks like a model file: load it with ModelFile.load)" : ""));
            }
            Json.Str version = meta.get("checkpoint_version");
            if (!version.value().equals(FORMAT_VERSION)) {
                throw fail(version, "checkpoint_version " + FORMAT_VERSION + ", found \"" + version.value()
                        + "\" (an unknown checkpoint version)");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (Map.Entry<String, Json.Str> e : meta.entrySet()) {
                String k = e.getKey();
                if (k.startsWith("settings.") && k.length() > "settings.".length()) {
                    settings.put(k.substring("settings.".length()), e.getValue().value());
                } else if (!KEYS.contains(k)) {
                    throw r.fail(r.h(r.metaObj.keyAt().get(k)), "only the __metadata__ keys " + String.join(", ", KEYS)
                            + " and settings.NAME, found \"" + k + "\"");
                }
            }
            for (String k : KEYS) {
                if (!meta.containsKey(k) && !k.equals(CHECKSUMS)) {
                    throw r.fail(r.h(r.metaObj.at()), "__metadata__ key \"" + k + "\"; the header has none");
                }
            }
            return settings;
        }

        /**
         * Refuses a tensor that the architecture and the state arrays do not call for.
         *
         * @return whether the best parameters are present
         */
        private boolean checkTensorNames(ParameterLayout layout, int stateArrays, String arch)
                throws InputFormatException {
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < layout.layers(); i++) {
                expected.add("layers." + i + ".W");
                expected.add("layers." + i + ".b");
            }
            for (int k = 0; k < stateArrays; k++) {
                expected.add("optimizer.state." + k);
            }
            expected.add("order");
            expected.add("history");
            boolean hasBest = r.tensors.containsKey("early_stopping.best_parameters");
            if (hasBest) {
                expected.add("early_stopping.best_parameters");
            }
            for (Safetensors.Entry t : r.tensors.values()) {
                if (!expected.contains(t.name)) {
                    throw r.fail(r.h(t.headerAt), "only the tensors " + String.join(", ", expected) + " for architecture "
                            + arch + " and " + stateArrays + " optimizer state arrays, found an extra tensor \""
                            + t.name + "\"");
                }
            }
            return hasBest;
        }

        /** The {@code order} tensor's entry: n ≥ 1 cases, at least the position, as many as the settings say. */
        private Safetensors.Entry orderEntry(int position, Map<String, String> settings) throws InputFormatException {
            Safetensors.Entry orderEntry = r.require("order", "I32", null, "the epoch's case order");
            if (orderEntry.shape.length != 1 || orderEntry.count < 1) {
                throw r.fail(r.h(orderEntry.headerAt), "a shape [n] with n >= 1 training cases for tensor \"order\", found "
                        + java.util.Arrays.toString(orderEntry.shape));
            }
            int n = (int) orderEntry.count;
            if (position > n) {
                throw fail(meta.get("position"), "a position of at most " + n + " (the training cases in \"order\"), found "
                        + position);
            }
            String cases = settings.get(Checkpoint.TRAIN_CASES);
            if (cases != null && !cases.equals(Integer.toString(n))) {
                throw r.fail(r.h(orderEntry.headerAt), "an order of " + cases + " cases (settings." + Checkpoint.TRAIN_CASES
                        + "), found " + n);
            }
            return orderEntry;
        }

        /** The epochs' parameter checksums, one per finished epoch. */
        private String[] checksums(int rows) throws InputFormatException {
            String text = meta.get("history.checksums").value();
            // counted before splitting: a header of commas would split into millions of strings
            long count = text.isEmpty() ? 0 : text.chars().filter(c -> c == ',').count() + 1;
            if (count != rows) {
                throw fail(meta.get("history.checksums"), rows + " comma-separated checksums (one per finished epoch), found "
                        + count);
            }
            String[] sums = text.isEmpty() ? new String[0] : text.split(",", -1);
            for (String s : sums) {
                if (!s.matches("[0-9a-f]{8}")) {
                    throw fail(meta.get("history.checksums"), "checksums of 8 lowercase hex digits, found \"" + s + "\"");
                }
            }
            return sums;
        }

        /**
         * Compares each tensor's bytes with the CRC-32C that {@code crc32c} stores for it, after
         * the values' own checks, so that damage those checks cannot see (a flipped bit in a
         * weight) is refused too.
         */
        private void verifyChecksums() throws IOException {
            Json.Str text = meta.get("crc32c");
            String v = text.value();
            int n = r.tensors.size();
            long pairs = v.chars().filter(c -> c == ',').count() + 1;
            if (pairs != n) {
                throw fail(text, n + " comma-separated NAME:CRC pairs as crc32c (one per tensor), found " + pairs);
            }
            Map<String, String> stored = new HashMap<>();
            for (String pair : v.split(",", -1)) {
                int colon = pair.indexOf(':');
                String name = colon < 0 ? pair : pair.substring(0, colon);
                String crc = colon < 0 ? "" : pair.substring(colon + 1);
                if (!r.tensors.containsKey(name) || !crc.matches("[0-9a-f]{8}") || stored.put(name, crc) != null) {
                    throw fail(text, "NAME:CRC pairs as crc32c, each tensor once with 8 lowercase hex digits, found \""
                            + pair + "\"");
                }
            }
            for (Safetensors.Entry t : r.tensors.values()) {
                String found = r.crc32c(t);
                if (!found.equals(stored.get(t.name))) {
                    throw r.fail(r.at(t, 0), "the CRC-32C " + stored.get(t.name) + " stored for tensor \"" + t.name
                            + "\", found " + found + " (the checkpoint is damaged)");
                }
            }
        }

        /** Reads {@code order}, refusing anything but a permutation of 0..n−1. */
        private int[] readOrder(Safetensors.Entry orderEntry, int n) throws IOException {
            int[] order = r.readI32(orderEntry);
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                int c = order[i];
                if (c < 0 || c >= n || seen[c]) {
                    throw r.fail(r.at(orderEntry, i), "a permutation of 0.." + (n - 1) + " as \"order\", found "
                            + (c < 0 || c >= n ? "case " + c + " out of range" : "case " + c + " a second time")
                            + " at index " + i);
                }
                seen[c] = true;
            }
            return order;
        }

        /** The history rows with their checksums. */
        private List<EpochRecord> epochs(Safetensors.Entry historyEntry, int rows, String[] sums) throws IOException {
            double[] h = r.readF64(historyEntry);
            List<EpochRecord> epochs = new ArrayList<>();
            for (int e = 0; e < rows; e++) {
                epochs.add(new EpochRecord(e, h[6 * e], h[6 * e + 1], h[6 * e + 2], h[6 * e + 3], h[6 * e + 4],
                        h[6 * e + 5], sums[e]));
            }
            return epochs;
        }

        private long integer(String key, long min, long max) throws InputFormatException {
            Json.Str s = meta.get(key);
            long v;
            try {
                if (!s.value().matches("-?[0-9]{1,19}")) {
                    throw new NumberFormatException();
                }
                v = Long.parseLong(s.value());
            } catch (NumberFormatException e) {
                throw fail(s, "a decimal integer as " + key + ", found \"" + s.value() + "\"");
            }
            if (v < min || v > max) {
                throw fail(s, key + " in [" + min + ", " + max + "], found " + v);
            }
            return v;
        }

        private double real(String key) throws InputFormatException {
            Json.Str s = meta.get(key);
            if (!DECIMAL.matcher(s.value()).matches() && !HEX_FLOAT.matcher(s.value()).matches()) {
                throw fail(s, "a number as " + key + " (like 0.25, 1.0E-5, NaN or a hexadecimal float), found \""
                        + s.value() + "\"");
            }
            return Double.parseDouble(s.value());
        }
    }
}
