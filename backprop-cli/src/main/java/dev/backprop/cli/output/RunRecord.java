package dev.backprop.cli.output;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Network;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run record that {@code train} writes beside the model ({@code NAME.run.json}): the command,
 * settings, seed, library, the environment it ran in (JDK, OS, kernels, threads), SHA-256 of every
 * file read, and after every epoch its figures and the CRC-32C of the weights (as
 * {@link EpochRecord#checksum()}), so that {@code backprop compare} can tell whether two runs gave
 * the same bits and where they first differ.
 */
public final class RunRecord {
    /** The record format written in the {@code format} member. */
    public static final String FORMAT = "backprop-run 1";

    private final Network network;
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> data = new ArrayList<>();
    private final List<Map<String, Object>> epochs = new ArrayList<>();
    private final long start = System.nanoTime();

    /**
     * Starts the record of a run.
     *
     * @param network the network trained (the record hashes its final weights)
     * @param command the command's arguments as given
     * @param seed the run's seed
     */
    public RunRecord(Network network, List<String> command, long seed) {
        this.network = network;
        root.put("format", FORMAT);
        root.put("library", "backprop " + Version.library());
        root.put("command", command);
        root.put("started", Instant.now().toString());
        root.put("seed", seed);
    }

    /**
     * The record's path for a model file: the same name with {@code .run.json} in place of its
     * extension.
     *
     * @param model the model file
     * @return the record file
     */
    public static Path pathFor(Path model) {
        return OutputFiles.sibling(model, ".run.json");
    }

    /**
     * Records where the run ran: the JDK, its vendor and VM, the OS, the cores, the kernels and the
     * threads they use.
     *
     * @param kernels the kernels that trained
     * @param threads their worker threads
     */
    public void environment(Kernels kernels, int threads) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", Runtime.version().toString());
        env.put("vendor", System.getProperty("java.vendor"));
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("kernels", kernels.toString());
        env.put("threads", threads);
        root.put("environment", env);
    }

    /**
     * Records the settings: the model file's training settings, then the network's layers and
     * activations, the loss, the scaler and the seed.
     *
     * @param training the training settings the model file holds
     * @param loss the loss's name
     * @param scaler the input scaler's name
     * @param seed the run's seed
     */
    public void settings(Map<String, String> training, String loss, String scaler, long seed) {
        Map<String, Object> s = new LinkedHashMap<>(training);
        s.put("layers", network.sizes());
        List<String> activations = new ArrayList<>();
        for (int i = 0; i < network.layers(); i++) {
            activations.add(network.activation(i).name());
        }
        s.put("activations", activations);
        s.put("loss", loss);
        s.put("scaler", scaler);
        s.put("seed", seed);
        root.put("settings", s);
    }

    /**
     * Records the run's result: the test figures of the end event, the epochs run and whether
     * early stopping ended the run.
     *
     * @param endFields the end event's fields (files written are left out)
     * @param history the run's history, or null when no epoch ran
     */
    public void result(Map<String, Object> endFields, History history) {
        Map<String, Object> result = new LinkedHashMap<>(endFields);
        result.remove("model");
        result.remove("plot");
        result.put("epochs_run", history == null ? 0 : history.epochs().size());
        result.put("stopped_early", history != null && history.stoppedEarly());
        root.put("result", result);
    }

    /**
     * Records the model file written, with its SHA-256.
     *
     * @param file the model file, as named
     * @param written where its bytes are until they replace it (its temporary file)
     * @throws IOException if they cannot be read
     */
    public void model(Path file, Path written) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("sha256", sha256(written));
        root.put("model", m);
    }

    /**
     * Records a file that was read, with its size and SHA-256.
     *
     * @param role what it was (train, train_labels, test, init …)
     * @param file the file
     * @throws IOException if it cannot be read
     */
    public void addFile(String role, Path file) throws IOException {
        if (file == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("file", file.toString());
        m.put("bytes", Files.size(file));
        m.put("sha256", sha256(file));
        data.add(m);
    }

    /**
     * Records a file that was read, with the size and SHA-256 of the bytes as they were read: for
     * data inputs, which may be pipes or standard input that cannot be read again.
     *
     * @param role what it was (train, train_labels, test, test_labels)
     * @param file the file as given ({@code -} for standard input)
     * @param bytes the bytes read
     * @param sha256 their SHA-256, in hex
     */
    public void addFile(String role, Path file, long bytes, String sha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("file", file.toString());
        m.put("bytes", bytes);
        m.put("sha256", sha256);
        data.add(m);
    }

    /**
     * Records every epoch of the run (also those before a resume), with the CRC-32C of the weights
     * after each.
     *
     * @param history the run's history, or null when no epoch ran
     */
    public void epochs(History history) {
        if (history == null) {
            return;
        }
        for (EpochRecord r : history.epochs()) {
            epoch(r);
        }
    }

    private void epoch(EpochRecord r) {
        epochs.add(epochFields(r));
    }

    /**
     * One epoch's figures as JSON members, as the run record and the {@code --log-json} lines hold them.
     *
     * @param r the epoch
     * @return epoch (from 1), losses, accuracies, learning rate, seconds and the weights' CRC-32C
     */
    static Map<String, Object> epochFields(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch() + 1);
        m.put("train_loss", r.trainLoss());
        m.put("train_accuracy", r.trainAccuracy());
        m.put("validation_loss", r.validationLoss());
        m.put("validation_accuracy", r.validationAccuracy());
        m.put("learning_rate", r.learningRate());
        m.put("seconds", r.seconds());
        m.put("weights_crc32c", r.checksum());
        return m;
    }

    /**
     * Writes the record.
     *
     * @param file the record file
     * @param files the command's outputs, which write it
     * @throws IOException if it cannot be written
     */
    public void write(Path file, PendingFiles files) throws IOException {
        root.put("seconds", (System.nanoTime() - start) / 1e9);
        root.put("data", data);
        root.put("epochs", epochs);
        root.put("final_weights_sha256", weights(network.parameters()));
        byte[] text = (JsonOut.pretty(root) + "\n").getBytes(StandardCharsets.UTF_8);
        files.write(file, out -> out.write(text));
    }

    /**
     * @param params float32 parameters
     * @return SHA-256 of their little-endian bytes, in hex
     */
    public static String weights(float[] params) {
        ByteBuffer b = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(params);
        return HexFormat.of().formatHex(digest().digest(b.array()));
    }

    /**
     * @param file a file
     * @return SHA-256 of its bytes, in hex
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param bytes bytes already read, e.g. a model file read once to be both hashed and loaded
     * @return SHA-256 of the bytes, in hex
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
