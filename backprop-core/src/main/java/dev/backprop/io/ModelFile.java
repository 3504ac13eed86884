package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.ParameterLayout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves and loads a {@link Model} as one safetensors file, readable by Python's
 * {@code safetensors} and by NumPy.
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
 *
 * <p>Loading checks everything and refuses a bad file with an {@link InputFormatException} whose
 * one-line message names the file, the byte offset and what was expected: the header length
 * against the file size (nothing of a declared size is allocated before it is checked against the
 * file), the JSON, the version, the names of activations and loss, the tensor names, dtypes and
 * shapes against the architecture, the offsets (in range, aligned, no overlap, no gap, lengths that
 * match the shapes, no trailing bytes) and every value (finite; the scaler's scales also non-zero). A file is data only: loading
 * parses numbers and names and never runs code.
 *
 * <p>Saving is atomic: the file is written to a temporary file in the same directory, forced to
 * disk and moved over the target, so a reader sees the old file or the new one, never a part.
 */
public final class ModelFile {
    /** The format version written, and the only one read. */
    public static final String FORMAT_VERSION = "1";

    /** Headers longer than this (100 MB) are refused without being read. */
    static final long MAX_HEADER = 100_000_000L;

    private static final int CHUNK = 1 << 16;

    private static final List<String> METADATA_KEYS = List.of("format_version", "architecture", "activations",
            "loss", "scaler", "class_names", "seed");

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
        byte[] header = header(model);
        AtomicFile.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFile.writeFully(ch, len);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            ParameterLayout layout = net.layout();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < layout.layers(); i++) {
                writeFloats(ch, buf, params, layout.weightOffset(i), layout.units(i) * layout.inputs(i));
                writeFloats(ch, buf, params, layout.biasOffset(i), layout.units(i));
            }
            Model.Scaling s = model.scaling();
            if (!s.kind().equals(Model.Scaling.NONE)) {
                float[] offset = s.offset();
                float[] scale = s.scale();
                writeFloats(ch, buf, offset, 0, offset.length);
                writeFloats(ch, buf, scale, 0, scale.length);
            }
        });
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

    private static void writeFloats(FileChannel ch, ByteBuffer buf, float[] v, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            buf.clear();
            int k = Math.min(n - done, CHUNK / 4);
            buf.asFloatBuffer().put(v, off + done, k);
            buf.limit(4 * k);
            AtomicFile.writeFully(ch, buf);
            done += k;
        }
    }

    /** The header JSON, padded with spaces so that 8 + its length is a multiple of 8. */
    static byte[] header(Model model) {
        Network net = model.network();
        ParameterLayout layout = net.layout();
        int[] sizes = net.sizes();
        TreeMap<String, String> meta = new TreeMap<>();
        meta.put("format_version", FORMAT_VERSION);
        meta.put("architecture", join(sizes));
        List<String> acts = new ArrayList<>();
        for (int i = 0; i < net.layers(); i++) {
            String a = net.activation(i).name();
            if (a.contains(",")) {
                throw new IllegalArgumentException("activation name '" + a + "' holds a comma");
            }
            acts.add(a);
        }
        meta.put("activations", String.join(",", acts));
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
            meta.put("training." + e.getKey(), e.getValue());
        }

        TreeMap<String, long[][]> tensors = new TreeMap<>();  // name -> {shape, offsets}
        long at = 0;
        for (int i = 0; i < layout.layers(); i++) {
            long w = 4L * layout.units(i) * layout.inputs(i);
            tensors.put("layers." + i + ".W", new long[][] {{layout.units(i), layout.inputs(i)}, {at, at + w}});
            at += w;
            long b = 4L * layout.units(i);
            tensors.put("layers." + i + ".b", new long[][] {{layout.units(i)}, {at, at + b}});
            at += b;
        }
        if (!model.scaling().kind().equals(Model.Scaling.NONE)) {
            long s = 4L * sizes[0];
            tensors.put("scaler.offset", new long[][] {{sizes[0]}, {at, at + s}});
            at += s;
            tensors.put("scaler.scale", new long[][] {{sizes[0]}, {at, at + s}});
        }

        StringBuilder h = new StringBuilder("{\"__metadata__\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!first) {
                h.append(',');
            }
            first = false;
            Json.quote(e.getKey(), h);
            h.append(':');
            Json.quote(e.getValue(), h);
        }
        h.append('}');
        for (Map.Entry<String, long[][]> e : tensors.entrySet()) {
            h.append(',');
            Json.quote(e.getKey(), h);
            long[] shape = e.getValue()[0];
            long[] off = e.getValue()[1];
            h.append(":{\"data_offsets\":[").append(off[0]).append(',').append(off[1])
                    .append("],\"dtype\":\"F32\",\"shape\":[");
            for (int k = 0; k < shape.length; k++) {
                h.append(k > 0 ? "," : "").append(shape[k]);
            }
            h.append("]}");
        }
        h.append('}');
        byte[] raw = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    private static String join(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < v.length; k++) {
            s.append(k > 0 ? "," : "").append(v[k]);
        }
        return s.toString();
    }

    // ----------------------------------------------------------------------------------- loading

    /** A tensor the architecture calls for, and where the header puts it. */
    private static final class Tensor {
        final String name;
        final long[] shape;
        long count;
        long begin;
        long end;
        int headerAt;

        Tensor(String name, long... shape) {
            this.name = name;
            this.shape = shape;
            long c = 1;
            for (long d : shape) {
                c *= d;
            }
            this.count = c;
        }
    }

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
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Loader(file, ch).load();
        }
    }

    private static final class Loader {
        private final Path file;
        private final FileChannel ch;
        private int headerLength;

        Loader(Path file, FileChannel ch) {
            this.file = file;
            this.ch = ch;
        }

        private InputFormatException fail(long at, String expected) {
            return new InputFormatException(file + ": byte " + at + ": expected " + expected);
        }

        /** Offset in the file of a position in the header. */
        private long h(int pos) {
            return 8L + pos;
        }

        Model load() throws IOException {
            long size = ch.size();
            if (size < 8) {
                throw fail(0, "an 8-byte little-endian safetensors header length, the file has only " + size
                        + " byte" + (size == 1 ? "" : "s"));
            }
            ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(lb, 0);
            long n = lb.getLong(0);
            if (Long.compareUnsigned(n, size - 8) > 0) {
                throw fail(0, "a header length of at most " + (size - 8) + " bytes (the rest of the file), found "
                        + Long.toUnsignedString(n));
            }
            if (n > MAX_HEADER) {
                throw fail(0, "a header length of at most " + MAX_HEADER + " bytes, found " + n);
            }
            headerLength = (int) n;
            byte[] header = new byte[headerLength];
            readFully(ByteBuffer.wrap(header), 8);
            Json.Value rootValue;
            try {
                rootValue = Json.parse(header, 0, header.length);
            } catch (Json.SyntaxError e) {
                throw fail(h(e.at), e.expected + " (invalid JSON header)");
            }
            if (!(rootValue instanceof Json.Obj root)) {
                throw fail(h(rootValue.at()), "a JSON object as the safetensors header");
            }

            // metadata
            Json.Value metaValue = root.members().get("__metadata__");
            if (metaValue == null) {
                throw fail(8, "a \"__metadata__\" entry with format_version " + FORMAT_VERSION
                        + ", architecture, activations and loss; the header has none, so this is no Backprop model");
            }
            if (!(metaValue instanceof Json.Obj metaObj)) {
                throw fail(h(metaValue.at()), "an object of strings as __metadata__");
            }
            Map<String, Json.Str> meta = new LinkedHashMap<>();
            for (Map.Entry<String, Json.Value> e : metaObj.members().entrySet()) {
                if (!(e.getValue() instanceof Json.Str s)) {
                    throw fail(h(e.getValue().at()), "a string as the value of __metadata__ key \"" + e.getKey() + "\"");
                }
                meta.put(e.getKey(), s);
            }
            Json.Str version = meta.get("format_version");
            if (version == null) {
                throw missing(metaObj, "format_version");
            }
            if (!version.value().equals(FORMAT_VERSION)) {
                throw fail(h(version.at()), "format_version " + FORMAT_VERSION + ", found \"" + version.value()
                        + "\" (an unknown model file version)");
            }
            for (String k : meta.keySet()) {
                if (!METADATA_KEYS.contains(k) && !(k.startsWith("training.") && k.length() > "training.".length())) {
                    throw fail(h(metaObj.keyAt().get(k)), "only the __metadata__ keys "
                            + String.join(", ", METADATA_KEYS) + " and training.NAME, found \"" + k + "\"");
                }
            }
            for (String k : METADATA_KEYS) {
                if (!meta.containsKey(k)) {
                    throw missing(metaObj, k);
                }
            }
            int[] sizes = architecture(meta.get("architecture"));
            ParameterLayout layout;
            try {
                layout = new ParameterLayout(sizes);
            } catch (IllegalArgumentException e) {
                throw fail(h(meta.get("architecture").at()), "a valid architecture: " + e.getMessage());
            }
            Activation[] acts = activations(meta.get("activations"), layout.layers());
            Json.Str lossText = meta.get("loss");
            Loss loss;
            try {
                loss = Loss.parse(lossText.value());
                loss.checkOutput(acts[acts.length - 1]);
            } catch (IllegalArgumentException e) {
                throw fail(h(lossText.at()), "a valid loss: " + e.getMessage());
            }
            Json.Str scalerText = meta.get("scaler");
            String kind = scalerText.value();
            if (!kind.equals(Model.Scaling.NONE) && !kind.equals(Model.Scaling.MINMAX)
                    && !kind.equals(Model.Scaling.STANDARD)) {
                throw fail(h(scalerText.at()), "scaler none, minmax or standard, found \"" + kind + "\"");
            }
            List<String> classNames = classNames(meta.get("class_names"));
            String namesProblem = classNamesProblem(classNames, sizes[sizes.length - 1]);
            if (namesProblem != null) {
                throw fail(h(meta.get("class_names").at()), namesProblem);
            }
            Json.Str seedText = meta.get("seed");
            long seed;
            try {
                if (!seedText.value().matches("-?[0-9]+")) {
                    throw new NumberFormatException();
                }
                seed = Long.parseLong(seedText.value());
            } catch (NumberFormatException e) {
                throw fail(h(seedText.at()), "a decimal 64-bit seed, found \"" + seedText.value() + "\"");
            }
            Map<String, String> training = new TreeMap<>();
            for (Map.Entry<String, Json.Str> e : meta.entrySet()) {
                if (e.getKey().startsWith("training.")) {
                    training.put(e.getKey().substring("training.".length()), e.getValue().value());
                }
            }

            // tensors the architecture calls for
            Map<String, Tensor> expected = new LinkedHashMap<>();
            for (int i = 0; i < layout.layers(); i++) {
                expected.put("layers." + i + ".W", new Tensor("layers." + i + ".W", layout.units(i), layout.inputs(i)));
                expected.put("layers." + i + ".b", new Tensor("layers." + i + ".b", layout.units(i)));
            }
            if (!kind.equals(Model.Scaling.NONE)) {
                expected.put("scaler.offset", new Tensor("scaler.offset", sizes[0]));
                expected.put("scaler.scale", new Tensor("scaler.scale", sizes[0]));
            }
            String arch = meta.get("architecture").value();
            long dataStart = 8L + headerLength;
            long dataLength = size - dataStart;
            for (Map.Entry<String, Json.Value> e : root.members().entrySet()) {
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                Tensor t = expected.get(name);
                if (t == null) {
                    throw fail(h(root.keyAt().get(name)), "only the tensors layers.0.W .. layers." + (layout.layers() - 1)
                            + ".b" + (kind.equals(Model.Scaling.NONE) ? "" : ", scaler.offset, scaler.scale")
                            + " of architecture " + arch + " and scaler " + kind + ", found an extra tensor \"" + name + "\"");
                }
                tensor(t, e.getValue(), arch, dataLength);
            }
            for (Tensor t : expected.values()) {
                if (!root.members().containsKey(t.name)) {
                    throw fail(8, "a tensor \"" + t.name + "\" of shape " + Arrays.toString(t.shape)
                            + " for architecture " + arch + " and scaler " + kind + "; the header has none");
                }
            }
            List<Tensor> byOffset = new ArrayList<>(expected.values());
            byOffset.sort(Comparator.comparingLong((Tensor t) -> t.begin).thenComparingLong(t -> t.end));
            long next = 0;
            Tensor previous = null;
            for (Tensor t : byOffset) {
                if (t.begin < next) {
                    throw fail(h(t.headerAt), "tensors that do not overlap, found \"" + t.name + "\" at data bytes ["
                            + t.begin + ", " + t.end + ") overlapping \"" + previous.name + "\" at [" + previous.begin
                            + ", " + previous.end + ")");
                }
                if (t.begin > next) {
                    throw fail(h(t.headerAt), "tensors that cover the data without gaps, found \"" + t.name
                            + "\" starting at data byte " + t.begin + " after a gap from byte " + next
                            + (previous == null ? " (the start of the data)" : " (the end of \"" + previous.name + "\")"));
                }
                next = t.end;
                previous = t;
            }
            if (next != dataLength) {
                throw fail(dataStart + next, "the end of the file after the last tensor, found "
                        + (dataLength - next) + " trailing bytes");
            }

            // values: the whole data section has now been matched to the architecture, so the
            // arrays below are no larger than the file
            Network net = new Network(sizes, acts);
            float[] params = net.parameters();
            for (int i = 0; i < layout.layers(); i++) {
                readTensor(expected.get("layers." + i + ".W"), dataStart, params, layout.weightOffset(i));
                readTensor(expected.get("layers." + i + ".b"), dataStart, params, layout.biasOffset(i));
            }
            Model.Scaling scaling = Model.Scaling.none();
            if (!kind.equals(Model.Scaling.NONE)) {
                float[] offset = new float[sizes[0]];
                float[] scale = new float[sizes[0]];
                readTensor(expected.get("scaler.offset"), dataStart, offset, 0);
                readTensor(expected.get("scaler.scale"), dataStart, scale, 0);
                for (int j = 0; j < scale.length; j++) {
                    if (scale[j] == 0f) {
                        Tensor t = expected.get("scaler.scale");
                        throw fail(dataStart + t.begin + 4L * j, "non-zero values in tensor \"scaler.scale\" (inputs "
                                + "are divided by them), found " + scale[j] + " at index [" + j + "]");
                    }
                }
                scaling = new Model.Scaling(kind, offset, scale);
            }
            return new Model(net, loss, classNames, scaling, training, seed);
        }

        private InputFormatException missing(Json.Obj meta, String key) {
            return fail(h(meta.at()), "__metadata__ key \"" + key + "\"; the header has none");
        }

        private int[] architecture(Json.Str text) throws InputFormatException {
            String[] parts = text.value().split(",", -1);
            int[] sizes = new int[parts.length];
            for (int k = 0; k < parts.length; k++) {
                if (!parts[k].matches("[0-9]{1,10}") || Long.parseLong(parts[k]) > Integer.MAX_VALUE
                        || Long.parseLong(parts[k]) < 1) {
                    throw fail(h(text.at()), "architecture as layer sizes >= 1 separated by commas (like 784,30,10), "
                            + "found \"" + text.value() + "\"");
                }
                sizes[k] = Integer.parseInt(parts[k]);
            }
            if (sizes.length < 2) {
                throw fail(h(text.at()), "an architecture of at least 2 layer sizes, found \"" + text.value() + "\"");
            }
            return sizes;
        }

        private Activation[] activations(Json.Str text, int layers) throws InputFormatException {
            String[] parts = text.value().split(",", -1);
            if (parts.length != layers) {
                throw fail(h(text.at()), layers + " activations (one per layer), found " + parts.length + " in \""
                        + text.value() + "\"");
            }
            Activation[] acts = new Activation[layers];
            for (int k = 0; k < layers; k++) {
                try {
                    acts[k] = Activation.parse(parts[k]);
                } catch (IllegalArgumentException e) {
                    throw fail(h(text.at()), "a valid activation of layer " + k + ": " + e.getMessage());
                }
            }
            return acts;
        }

        private List<String> classNames(Json.Str text) throws InputFormatException {
            byte[] b = text.value().getBytes(StandardCharsets.UTF_8);
            String what = "class_names as a JSON array of strings like [\"cat\",\"dog\"]";
            Json.Value v;
            try {
                v = Json.parse(b, 0, b.length);
            } catch (Json.SyntaxError e) {
                throw fail(h(text.at()), what + "; at byte " + e.at + " of the value: " + e.expected);
            }
            if (!(v instanceof Json.Arr a)) {
                throw fail(h(text.at()), what + ", found \"" + text.value() + "\"");
            }
            List<String> names = new ArrayList<>();
            for (Json.Value item : a.items()) {
                if (!(item instanceof Json.Str s)) {
                    throw fail(h(text.at()), what + ", found a non-string item at byte " + item.at() + " of the value");
                }
                names.add(s.value());
            }
            return names;
        }

        /** Checks a tensor's header entry against what the architecture calls for. */
        private void tensor(Tensor t, Json.Value v, String arch, long dataLength) throws InputFormatException {
            t.headerAt = v.at();
            if (!(v instanceof Json.Obj o)) {
                throw fail(h(v.at()), "an object with dtype, shape and data_offsets for tensor \"" + t.name + "\"");
            }
            for (Map.Entry<String, Json.Value> e : o.members().entrySet()) {
                if (!List.of("dtype", "shape", "data_offsets").contains(e.getKey())) {
                    throw fail(h(o.keyAt().get(e.getKey())), "only dtype, shape and data_offsets in tensor \"" + t.name
                            + "\", found \"" + e.getKey() + "\"");
                }
            }
            Json.Value dtype = o.members().get("dtype");
            if (!(dtype instanceof Json.Str d) || !d.value().equals("F32")) {
                throw fail(h(dtype == null ? o.at() : dtype.at()), "dtype \"F32\" (little-endian float32) for tensor \""
                        + t.name + "\", found " + (dtype instanceof Json.Str d2 ? "\"" + d2.value() + "\"" : "none"));
            }
            long[] shape = integers(o, "shape", t.name);
            if (!Arrays.equals(shape, t.shape)) {
                throw fail(h(o.members().get("shape").at()), "shape " + Arrays.toString(t.shape) + " for tensor \""
                        + t.name + "\" (architecture " + arch + "), found " + Arrays.toString(shape));
            }
            long[] off = integers(o, "data_offsets", t.name);
            int offAt = o.members().get("data_offsets").at();
            if (off.length != 2 || off[0] > off[1]) {
                throw fail(h(offAt), "data_offsets [begin, end] with begin <= end for tensor \"" + t.name + "\", found "
                        + Arrays.toString(off));
            }
            if (off[1] > dataLength) {
                throw fail(h(offAt), "data_offsets of tensor \"" + t.name + "\" within the " + dataLength
                        + " data bytes after the header, found " + Arrays.toString(off));
            }
            if (off[0] % 4 != 0) {
                throw fail(h(offAt), "data_offsets of tensor \"" + t.name + "\" aligned to 4 bytes (float32), found "
                        + Arrays.toString(off));
            }
            if (off[1] - off[0] != 4 * t.count) {
                throw fail(h(offAt), (4 * t.count) + " data bytes (4 × " + t.count + " values of shape "
                        + Arrays.toString(t.shape) + ") for tensor \"" + t.name + "\", found data_offsets "
                        + Arrays.toString(off) + " spanning " + (off[1] - off[0]));
            }
            t.begin = off[0];
            t.end = off[1];
        }

        private long[] integers(Json.Obj o, String key, String tensor) throws InputFormatException {
            Json.Value v = o.members().get(key);
            if (!(v instanceof Json.Arr a)) {
                throw fail(h(v == null ? o.at() : v.at()), "an array of integers as " + key + " of tensor \"" + tensor
                        + "\", found " + (v == null ? "none" : "another value"));
            }
            long[] r = new long[a.items().size()];
            for (int k = 0; k < r.length; k++) {
                if (!(a.items().get(k) instanceof Json.Num num)) {
                    throw fail(h(a.items().get(k).at()), "an integer in " + key + " of tensor \"" + tensor + "\"");
                }
                r[k] = num.value();
            }
            return r;
        }

        private void readTensor(Tensor t, long dataStart, float[] dest, int off) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) t.count;
            int done = 0;
            while (done < n) {
                int k = Math.min(n - done, CHUNK / 4);
                buf.clear().limit(4 * k);
                long pos = dataStart + t.begin + 4L * done;
                readFully(buf, pos);
                buf.flip();
                buf.asFloatBuffer().get(dest, off + done, k);
                for (int j = 0; j < k; j++) {
                    float x = dest[off + done + j];
                    if (!Float.isFinite(x)) {
                        int index = done + j;
                        String where = t.shape.length == 2 ? "[" + index / t.shape[1] + ", " + index % t.shape[1] + "]"
                                : "[" + index + "]";
                        throw fail(pos + 4L * j, "finite values, found " + x + " in tensor \"" + t.name + "\" at index "
                                + where);
                    }
                }
                done += k;
            }
        }

        private void readFully(ByteBuffer b, long pos) throws IOException {
            long p = pos;
            while (b.hasRemaining()) {
                int r = ch.read(b, p);
                if (r < 0) {
                    throw new EOFException(file + ": byte " + p + ": the file ended while it was being read");
                }
                p += r;
            }
        }
    }
}
