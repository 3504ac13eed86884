package dev.backprop.cli.serve;

import dev.backprop.cli.input.ModelInfo;
import dev.backprop.cli.output.JsonOut;
import dev.backprop.cli.output.RunRecord;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Network;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded model file, whole: the model, the SHA-256 of the very bytes it was read from, when it
 * was loaded and the file's modification time and size then (what the watcher compares), and its
 * class names already written as JSON strings, so that an answer copies them.
 */
final class ServedModel {
    private final Path file;
    private final ModelInfo info;
    private final String sha256;
    private final Instant loadedAt;
    private final Stamp stamp;
    private final List<String> classJson;

    /**
     * What the watcher compares: a file replaced by a rename or rewritten in place changes one.
     *
     * @param modified the modification time in milliseconds
     * @param size the size in bytes
     */
    record Stamp(long modified, long size) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        }
    }

    private ServedModel(Path file, ModelInfo info, String sha256, Instant loadedAt, Stamp stamp) {
        this.file = file;
        this.info = info;
        this.sha256 = sha256;
        this.loadedAt = loadedAt;
        this.stamp = stamp;
        List<String> json = new ArrayList<>();
        if (info.classNames() != null) {
            for (String c : info.classNames()) {
                json.add(JsonOut.write(c));
            }
        }
        this.classJson = List.copyOf(json);
    }

    /**
     * Reads the file once: the hash and the model come from the same bytes.
     *
     * @param file a model file
     * @return the loaded model
     * @throws IOException if it cannot be read or is not a valid model file (one-line message)
     */
    static ServedModel load(Path file) throws IOException {
        Stamp stamp = Stamp.of(file);
        byte[] bytes = Files.readAllBytes(file);
        Model m = ModelFile.load(new ByteArrayInputStream(bytes), file.toString());
        return new ServedModel(file, ModelInfo.of(m), RunRecord.sha256(bytes), Instant.now(), stamp);
    }

    Path file() {
        return file;
    }

    ModelInfo info() {
        return info;
    }

    Model model() {
        return info.model();
    }

    Network network() {
        return info.model().network();
    }

    String sha256() {
        return sha256;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    Stamp stamp() {
        return stamp;
    }

    /** @return class c's name as a JSON string */
    String classJson(int c) {
        return classJson.get(c);
    }

    /** @return whether there is one class name per output, so that outputs can be keyed by name */
    boolean namedOutputs() {
        return classJson.size() == info.outputs();
    }

    /**
     * @param j an input column, 0-based
     * @return how messages name it: the index, and the training column's name when the model keeps it
     */
    String columnName(int j) {
        List<String> names = info.featureNames();
        return names == null ? Integer.toString(j) : j + " ('" + names.get(j) + "')";
    }

    /** @return what {@code GET /model} answers */
    Map<String, Object> describe() {
        Model m = info.model();
        Network net = m.network();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", file.toString());
        d.put("sha256", sha256);
        d.put("loaded_at", loadedAt.toString());
        d.put("layers", net.sizes());
        List<String> acts = new ArrayList<>();
        for (int i = 0; i < net.layers(); i++) {
            acts.add(net.activation(i).name());
        }
        d.put("activations", acts);
        d.put("loss", m.loss().name());
        d.put("task", info.classNames() != null ? "classification" : "regression");
        d.put("classes", info.classNames());
        d.put("features", info.featureNames());
        d.put("targets", info.targetNames());
        d.put("scaling", m.scaling().kind());
        d.put("seed", m.seed());
        d.put("format_version", m.formatVersion());
        d.put("training", m.training());
        d.put("metadata", m.otherMetadata());
        return d;
    }
}
