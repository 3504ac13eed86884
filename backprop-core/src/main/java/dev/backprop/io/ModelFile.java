package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves and loads a {@link Model} as one safetensors file, readable by Python's
 * {@code safetensors} and by NumPy: the model file's schema on top of the one safetensors codec,
 * to and from a path or a stream.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON (keys sorted,
 * padded with spaces so that the data starts at a multiple of 8); then the tensors as raw
 * little-endian float32, back to back without gaps, in the order
 * {@code layers.0.W, layers.0.b, layers.1.W, ..., scaler.offset, scaler.scale}. {@code layers.i.W}
 * has shape [n_(i+1), n_i] (row-major, units in layer × units in previous layer) and
 * {@code layers.i.b} shape [n_(i+1)]; the scaler tensors, shape [n_0], are present unless the
 * scaling is {@code none}. The header maps each tensor name to
 * {@code {"data_offsets":[begin,end],"dtype":"F32","shape":[...]}} (offsets into the data, end
 * exclusive) and holds {@code __metadata__}, all strings:
 * <ul>
 * <li>{@code format_version}: {@value #FORMAT_VERSION}</li>
 * <li>{@code architecture}: the layer sizes, for example {@code 784,30,10}</li>
 * <li>{@code activations}: one {@link Activation#name()} per layer, comma-separated</li>
 * <li>{@code loss}: the {@link Loss#name()}</li>
 * <li>{@code scaler}: {@code none}, {@code minmax} or {@code standard}</li>
 * <li>{@code class_names}: a JSON array of distinct strings, for example {@code ["cat","dog"]}: none,
 * one per output, or two for a single output</li>
 * <li>{@code seed}: a decimal long</li>
 * <li>{@code training.KEY}: one entry per training setting</li>
 * </ul>
 * Other keys (other tools add their own, for example Hugging Face's {@code format}) are read into
 * {@link Model#otherMetadata()} and written back as they are.
 *
 * <p>Loading checks everything and refuses a bad file with an {@link InputFormatException} whose
 * one-line message names the file, the byte offset and what was expected: the header length
 * against the file size (nothing of a declared size is allocated before it is checked against the
 * file), the JSON, the version, the names of activations and loss, the tensor names, dtypes and
 * shapes against the architecture, the offsets (in range, aligned, no overlap, no gap, lengths that
 * match the shapes, no trailing bytes) and every value (finite; the scaler's scales also at least
 * {@link Scaler#MIN_SCALE} in magnitude). A file is data only: loading
 * parses numbers and names and never runs code.
 *
 * <p>Saving is atomic: the file is written to a temporary file in the same directory, forced to
 * disk and moved over the target, so a reader sees the old file or the new one, never a part.
 */
public final class ModelFile {
    /** The format version written, and the only one read. */
    public static final String FORMAT_VERSION = "1";

    /** Headers longer than this (16 MiB) are refused without being read. */
    static final long MAX_HEADER = Safetensors.MAX_HEADER;

    /** The {@code __metadata__} keys of the schema, besides the {@link #TRAINING} ones. */
    static final List<String> METADATA_KEYS = List.of("format_version", "architecture", "activations",
            "loss", "scaler", "class_names", "seed");

    /** The prefix of the training settings' keys. */
    static final String TRAINING = "training.";

    private ModelFile() {
    }

    // ------------------------------------------------------------------------------------ saving

    /**
     * Writes a model atomically: to a temporary file in the target's directory, forced to disk,
     * then moved over {@code file} (replacing an existing file). On failure the temporary file is
     * deleted and an existing {@code file} is left as it was.
     *
     * @param file the model file to write
     * @param model the model
     * @throws IllegalArgumentException if a parameter is not finite, a text holds a lone
     *         surrogate, or the class names are not distinct and none, one per output or two for a
     *         single output (nothing is written)
     * @throws IOException if the file cannot be written
     */
    public static void save(Path file, Model model) throws IOException {
        check(model);
        Safetensors.write(file, metadata(model), tensors(model));
    }

    /**
     * Writes a model to a stream, byte for byte as {@link #save(Path, Model)} writes a file; the
     * stream is flushed and left open.
     *
     * @param out the stream
     * @param model the model
     * @throws IllegalArgumentException as for {@link #save(Path, Model)} (nothing is written)
     * @throws IOException if the stream cannot be written
     */
    public static void save(OutputStream out, Model model) throws IOException {
        check(model);
        Safetensors.write(out, metadata(model), tensors(model));
    }

    /**
     * What is wrong with class names for a network with this many outputs: they must be distinct
     * and none, one per output, or two for a single output (below and above 0.5).
     *
     * @return null if they are fine, else what was expected and found
     */
    static String classNamesProblem(List<String> names, int outputs) {
        if (!names.isEmpty() && names.size() != outputs && !(outputs == 1 && names.size() == 2)) {
            return "class_names: none, or one per output (" + outputs + ")"
                    + (outputs == 1 ? ", or two for the single output" : "") + ", found " + names.size() + " names";
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                return "distinct class_names, found \"" + names.get(i) + "\" twice";
            }
        }
        return null;
    }

    /** The header JSON, padded with spaces so that 8 + its length is a multiple of 8. */
    static byte[] header(Model model) {
        return Safetensors.header(metadata(model), tensors(model));
    }

    /** Refuses what a model file cannot hold: non-finite parameters, bad class names. */
    private static void check(Model model) {
        Network net = model.network();
        float[] params = net.parameters();
        for (int j = 0; j < params.length; j++) {
            if (!Float.isFinite(params[j])) {
                throw new IllegalArgumentException("parameter " + j + " is " + params[j]
                        + "; a model with non-finite parameters cannot be saved");
            }
        }
        String namesProblem = classNamesProblem(model.classNames(), net.outputSize());
        if (namesProblem != null) {
            throw new IllegalArgumentException("a model file holds " + namesProblem + "; nothing was written");
        }
    }

    /**
     * The {@code __metadata__} entries a model file holds for this model, as {@link #save} writes
     * them: format version, architecture, activations, loss, scaler kind, class names (a JSON
     * array), seed, {@code training.KEY} settings and the other metadata. Other formats that carry
     * a model's description (an ONNX file's {@code metadata_props}) take the same entries.
     *
     * @param model the model
     * @return the entries, sorted by key
     */
    public static Map<String, String> metadata(Model model) {
        Map<String, String> meta = new TreeMap<>();
        meta.put("format_version", FORMAT_VERSION);
        Architecture.write(model.network(), meta);
        meta.put("loss", model.loss().name());
        meta.put("scaler", model.scaling().kind());
        StringBuilder names = new StringBuilder("[");
        for (String c : model.classNames()) {
            if (names.length() > 1) {
                names.append(',');
            }
            Json.quote(c, names);
        }
        meta.put("class_names", names.append(']').toString());
        meta.put("seed", Long.toString(model.seed()));
        for (Map.Entry<String, String> e : model.training().entrySet()) {
            meta.put(TRAINING + e.getKey(), e.getValue());
        }
        meta.putAll(model.otherMetadata());
        return meta;
    }

    /** The tensors in file order: each layer's W and b, then the scaler's offset and scale. */
    private static List<Safetensors.Out> tensors(Model model) {
        ParameterLayout layout = model.network().layout();
        float[] params = model.network().parameters();
        List<Safetensors.Out> out = new ArrayList<>();
        for (int i = 0; i < layout.layers(); i++) {
            out.add(Safetensors.Out.f32("layers." + i + ".W", params, layout.weightOffset(i), layout.units(i),
                    layout.inputs(i)));
            out.add(Safetensors.Out.f32("layers." + i + ".b", params, layout.biasOffset(i), layout.units(i)));
        }
        Scaler s = model.scaling();
        if (!s.kind().equals(Scaler.NONE)) {
            float[] offset = s.offsets();
            float[] scale = s.scales();
            out.add(Safetensors.Out.f32("scaler.offset", offset, 0, offset.length));
            out.add(Safetensors.Out.f32("scaler.scale", scale, 0, scale.length));
        }
        return out;
    }

    // ----------------------------------------------------------------------------------- loading

    /**
     * Reads a model file written by {@link #save(Path, Model)} (or by any safetensors writer that
     * follows the same names and metadata).
     *
     * @param file the model file
     * @return the model; its network's parameters are bit for bit those saved
     * @throws InputFormatException if the file is not a valid model file: the one-line message
     *         names the file, the byte offset and what was expected
     * @throws IOException if the file cannot be read at all
     */
    public static Model load(Path file) throws IOException {
        try (Safetensors.Reader r = Safetensors.open(file)) {
            return read(r);
        }
    }

    /**
     * Reads a model file from a stream, with the checks and messages of {@link #load(Path)}. The
     * stream is read to its end (its bytes are held while the model is read) and left open.
     *
     * @param in the stream
     * @param source what messages call the stream, in place of a file name
     * @return the model
     * @throws InputFormatException if the bytes are not a valid model file: the one-line message
     *         names the source, the byte offset and what was expected
     * @throws IOException if the stream cannot be read
     */
    public static Model load(InputStream in, String source) throws IOException {
        try (Safetensors.Reader r = Safetensors.open(in, source)) {
            return read(r);
        }
    }

    private static Model read(Safetensors.Reader r) throws IOException {
        r.readHeader("a \"__metadata__\" entry with format_version " + FORMAT_VERSION
                + ", architecture, activations and loss; the header has none, so this is no Backprop model");
        Map<String, Json.Str> meta = keys(r);
        Architecture arch = Architecture.read(r, meta.get("architecture"), meta.get("activations"));
        Loss loss = loss(r, meta.get("loss"), arch.activations());
        Json.Str scalerText = meta.get("scaler");
        String kind = scalerText.value();
        if (!kind.equals(Scaler.NONE) && !kind.equals(Scaler.MINMAX)
                && !kind.equals(Scaler.STANDARD)) {
            throw r.fail(r.h(scalerText.at()), "scaler none, minmax or standard, found \"" + kind + "\"");
        }
        int[] sizes = arch.sizes();
        List<String> classNames = classNames(r, meta.get("class_names"), sizes[sizes.length - 1]);
        String namesProblem = classNamesProblem(classNames, sizes[sizes.length - 1]);
        if (namesProblem != null) {
            throw r.fail(r.h(meta.get("class_names").at()), namesProblem);
        }
        long seed = seed(r, meta.get("seed"));
        Map<String, String> training = new TreeMap<>();
        Map<String, String> other = new TreeMap<>();
        for (Map.Entry<String, Json.Str> e : meta.entrySet()) {
            if (e.getKey().startsWith(TRAINING)) {
                training.put(e.getKey().substring(TRAINING.length()), e.getValue().value());
            } else if (!METADATA_KEYS.contains(e.getKey())) {
                other.put(e.getKey(), e.getValue().value());
            }
        }
        readTensorEntries(r, arch, meta.get("architecture").value(), kind);

        // values: the whole data section has now been matched to the architecture, so the
        // arrays below are no larger than the file
        Network net = new Network(sizes, arch.activations());
        float[] params = net.parameters();
        ParameterLayout layout = arch.layout();
        for (int i = 0; i < layout.layers(); i++) {
            r.readF32(r.tensors.get("layers." + i + ".W"), params, layout.weightOffset(i));
            r.readF32(r.tensors.get("layers." + i + ".b"), params, layout.biasOffset(i));
        }
        return new Model(net, loss, classNames, scaling(r, kind, sizes[0]), training, seed, other);
    }

    /**
     * Checks the version and that the schema's keys are all there; returns the metadata. Keys of
     * other tools are accepted, and only an empty training setting name is refused.
     */
    private static Map<String, Json.Str> keys(Safetensors.Reader r) throws InputFormatException {
        Map<String, Json.Str> meta = r.meta;
        Json.Str version = meta.get("format_version");
        if (version == null) {
            throw missing(r, "format_version");
        }
        if (!version.value().equals(FORMAT_VERSION)) {
            throw r.fail(r.h(version.at()), "format_version " + FORMAT_VERSION + ", found \"" + version.value()
                    + "\" (an unknown model file version)");
        }
        if (meta.containsKey(TRAINING)) {
            throw r.fail(r.h(r.metaObj.keyAt().get(TRAINING)), "a training setting key training.NAME with a "
                    + "non-empty NAME, found \"" + TRAINING + "\"");
        }
        for (String k : METADATA_KEYS) {
            if (!meta.containsKey(k)) {
                throw missing(r, k);
            }
        }
        return meta;
    }

    private static InputFormatException missing(Safetensors.Reader r, String key) {
        return r.fail(r.h(r.metaObj.at()), "__metadata__ key \"" + key + "\"; the header has none");
    }

    private static Loss loss(Safetensors.Reader r, Json.Str text, Activation[] acts) throws InputFormatException {
        try {
            Loss loss = Loss.parse(text.value());
            loss.checkOutput(acts[acts.length - 1]);
            return loss;
        } catch (IllegalArgumentException e) {
            throw r.fail(r.h(text.at()), "a valid loss: " + e.getMessage());
        }
    }

    private static long seed(Safetensors.Reader r, Json.Str text) throws InputFormatException {
        try {
            if (!text.value().matches("-?[0-9]+")) {
                throw new NumberFormatException();
            }
            return Long.parseLong(text.value());
        } catch (NumberFormatException e) {
            throw r.fail(r.h(text.at()), "a decimal 64-bit seed, found \"" + text.value() + "\"");
        }
    }

    /** The class names, parsing no more of them than the outputs can take (two for a single output). */
    private static List<String> classNames(Safetensors.Reader r, Json.Str text, int outputs)
            throws InputFormatException {
        byte[] b = text.value().getBytes(StandardCharsets.UTF_8);
        String what = "class_names as a JSON array of strings like [\"cat\",\"dog\"]";
        int most = Math.max(outputs, 2);
        Json.Value v;
        try {
            v = Json.parse(b, 0, b.length, most + 1);
        } catch (Json.SyntaxError e) {
            if (e.tooMany) {
                throw r.fail(r.h(text.at()), "class_names: none, or one per output (" + outputs + ")"
                        + (outputs == 1 ? ", or two for the single output" : "") + ", found more than " + most
                        + " names");
            }
            throw r.fail(r.h(text.at()), what + "; at byte " + e.at + " of the value: " + e.expected);
        }
        if (!(v instanceof Json.Arr a)) {
            throw r.fail(r.h(text.at()), what + ", found \"" + text.value() + "\"");
        }
        List<String> names = new ArrayList<>();
        for (Json.Value item : a.items()) {
            if (!(item instanceof Json.Str s)) {
                throw r.fail(r.h(text.at()), what + ", found a non-string item at byte " + item.at() + " of the value");
            }
            names.add(s.value());
        }
        return names;
    }

    /**
     * Checks the tensor entries against the tensors the architecture and scaler call for: no
     * extra, each of its F32 dtype and shape, none missing, covering the data.
     */
    private static void readTensorEntries(Safetensors.Reader r, Architecture arch, String archText, String kind)
            throws InputFormatException {
        ParameterLayout layout = arch.layout();
        int inputs = arch.sizes()[0];
        String why = "architecture " + archText;
        Map<String, Safetensors.Expected> expected = new LinkedHashMap<>();
        for (int i = 0; i < layout.layers(); i++) {
            expected.put("layers." + i + ".W", new Safetensors.Expected("F32",
                    new long[] {layout.units(i), layout.inputs(i)}, why));
            expected.put("layers." + i + ".b", new Safetensors.Expected("F32", new long[] {layout.units(i)}, why));
        }
        boolean scaled = !kind.equals(Scaler.NONE);
        if (scaled) {
            expected.put("scaler.offset", new Safetensors.Expected("F32", new long[] {inputs}, why));
            expected.put("scaler.scale", new Safetensors.Expected("F32", new long[] {inputs}, why));
        }
        r.readEntries(new Safetensors.Schema(expected, name -> "only the tensors layers.0.W .. layers."
                + (layout.layers() - 1) + ".b" + (scaled ? ", scaler.offset, scaler.scale" : "")
                + " of architecture " + archText + " and scaler " + kind + ", found an extra tensor \"" + name + "\""));
        for (Map.Entry<String, Safetensors.Expected> e : expected.entrySet()) {
            if (!r.tensors.containsKey(e.getKey())) {
                throw r.fail(8, "a tensor \"" + e.getKey() + "\" of shape " + Arrays.toString(e.getValue().shape())
                        + " for architecture " + archText + " and scaler " + kind + "; the header has none");
            }
        }
        r.checkCoverage();
    }

    /** The scaler's tensors, refusing a zero scale or one below {@link Scaler#MIN_SCALE} (inputs are divided by it). */
    private static Scaler scaling(Safetensors.Reader r, String kind, int inputs) throws IOException {
        if (kind.equals(Scaler.NONE)) {
            return Scaler.none();
        }
        float[] offset = new float[inputs];
        float[] scale = new float[inputs];
        r.readF32(r.tensors.get("scaler.offset"), offset, 0);
        Safetensors.Entry scaleEntry = r.tensors.get("scaler.scale");
        r.readF32(scaleEntry, scale, 0);
        for (int j = 0; j < scale.length; j++) {
            if (scale[j] == 0f) {
                throw r.fail(r.at(scaleEntry, j), "non-zero values in tensor \"scaler.scale\" (inputs "
                        + "are divided by them), found " + scale[j] + " at index [" + j + "]");
            }
            if (!(Math.abs(scale[j]) >= Scaler.MIN_SCALE)) {
                throw r.fail(r.at(scaleEntry, j), "values of magnitude at least " + Scaler.MIN_SCALE + " in tensor "
                        + "\"scaler.scale\" (inputs are divided by them; a smaller one overflows float32), found "
                        + scale[j] + " at index [" + j + "]");
            }
        }
        return new Scaler(kind, offset, scale);
    }
}
