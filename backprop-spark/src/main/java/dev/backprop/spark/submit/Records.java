package dev.backprop.spark.submit;

import dev.backprop.data.Scaler;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import org.apache.spark.sql.SparkSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run record of {@link SparkTrain}: the members of {@code backprop train}'s
 * {@code NAME.run.json} (format {@value #FORMAT}), in its order, so that {@code backprop compare}
 * reads it: format, library, command, started, seed, environment (with Spark's version and master
 * added), settings, result, model, seconds, data, epochs, final_weights_sha256.
 */
final class Records {
    /** The record format, as {@code backprop train} writes it. */
    static final String FORMAT = "backprop-run 1";

    private Records() {
    }

    /** @return the library version, from the jar manifest when packaged */
    static String library() {
        String v = Records.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /**
     * @param command the arguments as given
     * @param startedAt when the run started, ISO-8601
     * @param seed the seed
     * @param spark the session
     * @param training the model file's training settings
     * @param net the trained network
     * @param loss the loss
     * @param scaler the input scaler
     * @param history the history, or null when no epoch ran
     * @param model the model file's path
     * @param modelBytes its bytes
     * @param data the data's bytes and SHA-256 ({@link Outputs#sizeAndHash})
     * @param dataPath the data's path
     * @param startNanos {@link System#nanoTime()} at the start
     * @return the record's members
     */
    static Map<String, Object> record(List<String> command, String startedAt, long seed, SparkSession spark,
                                      Map<String, String> training, Network net, Loss loss, Scaler scaler,
                                      History history, String model, byte[] modelBytes, Object[] data,
                                      String dataPath, long startNanos) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("library", "backprop " + library());
        root.put("command", command);
        root.put("started", startedAt);
        root.put("seed", seed);
        root.put("environment", environment(spark));
        root.put("settings", settings(training, net, loss, scaler, seed));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("epochs_run", history == null ? 0 : history.epochs().size());
        result.put("stopped_early", history != null && history.stoppedEarly());
        root.put("result", result);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file", model);
        file.put("sha256", Outputs.sha256(modelBytes));
        root.put("model", file);
        root.put("seconds", (System.nanoTime() - startNanos) / 1e9);
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("role", "train");
        read.put("file", dataPath);
        read.put("bytes", data[0]);
        read.put("sha256", data[1]);
        root.put("data", List.of(read));
        List<Object> epochs = new ArrayList<>();
        for (EpochRecord r : history == null ? List.<EpochRecord>of() : history.epochs()) {
            epochs.add(epoch(r));
        }
        root.put("epochs", epochs);
        root.put("final_weights_sha256", weights(net.parameters()));
        return root;
    }

    private static Map<String, Object> environment(SparkSession spark) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", Runtime.version().toString());
        env.put("vendor", System.getProperty("java.vendor"));
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("kernels", Kernels.defaults().toString());
        env.put("threads", Runtime.getRuntime().availableProcessors());
        env.put("spark", "Spark " + spark.version() + ", master " + spark.sparkContext().master());
        return env;
    }

    private static Map<String, Object> settings(Map<String, String> training, Network net, Loss loss, Scaler scaler,
                                                long seed) {
        Map<String, Object> s = new LinkedHashMap<>(training);
        s.put("layers", net.sizes());
        List<String> activations = new ArrayList<>();
        for (int i = 0; i < net.layers(); i++) {
            activations.add(net.activation(i).name());
        }
        s.put("activations", activations);
        s.put("loss", loss.name());
        s.put("scaler", scaler.kind());
        s.put("seed", seed);
        return s;
    }

    private static Map<String, Object> epoch(EpochRecord r) {
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

    /** SHA-256 of the parameters' little-endian float32 bytes, as train's record holds it. */
    private static String weights(float[] params) {
        ByteBuffer b = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(params);
        return HexFormat.of().formatHex(Outputs.digest().digest(b.array()));
    }
}
