package dev.backprop.io;

import dev.backprop.data.InputFormatException;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
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
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The one safetensors codec, for the dtypes F32, F64 and I32 (little-endian), under the schemas
 * {@link ModelFile} and {@link CheckpointFile}: a writer to a file (atomic) or a stream, and a
 * strict reader of a file or a stream that checks the header length, the JSON, the metadata
 * (strings only), every tensor entry (known dtype, integer shape, offsets in range, aligned, of the
 * right length) and that the tensors cover the data without overlaps, gaps or trailing bytes,
 * before any tensor of a declared size is allocated.
 *
 * <p>A schema reads in steps so that it can check its own metadata between them, in its own words:
 * {@link Reader#readHeader} (length, JSON, metadata), {@link Reader#readEntries} (each tensor entry,
 * in file order, against the schema's expectations if it has them), {@link Reader#checkCoverage}
 * (overlaps, gaps, trailing bytes), then the values.
 */
final class Safetensors {
    /**
     * Headers longer than this (16 MiB) are refused without being read. Real headers are a few KB:
     * about 100 bytes per tensor plus the metadata, whose largest strings (class names, a CSV's
     * feature names) stay far below this for any network that fits in memory.
     */
    static final long MAX_HEADER = 16L << 20;

    /**
     * A header holding more JSON values and keys than this is refused as it is parsed, before they
     * are built: each tensor entry takes about a dozen, so this allows networks of thousands of
     * layers, while a few bytes per key could otherwise spell millions within {@link #MAX_HEADER}.
     */
    static final int MAX_VALUES = 1 << 16;

    /** At most this many {@code __metadata__} keys; Backprop writes a few dozen. */
    static final int MAX_METADATA_KEYS = 1024;

    private static final int CHUNK = 1 << 16;

    private Safetensors() {
    }

    /** Bytes per element of a dtype, or 0 if the dtype is not one this reader knows. */
    static int width(String dtype) {
        switch (dtype) {
            case "F32":
            case "I32":
                return 4;
            case "F64":
                return 8;
            default:
                return 0;
        }
    }

    // ------------------------------------------------------------------------------------ writing

    /**
     * A tensor to write: {@code count} values of {@code data} (a float[], int[] or double[]) from
     * {@code offset}.
     */
    record Out(String name, String dtype, long[] shape, Object data, int offset, int count) {
        static Out f32(String name, float[] data, int offset, long... shape) {
            return new Out(name, "F32", shape, data, offset, (int) product(shape));
        }

        static Out i32(String name, int[] data, long... shape) {
            return new Out(name, "I32", shape, data, 0, (int) product(shape));
        }

        static Out f64(String name, double[] data, long... shape) {
            return new Out(name, "F64", shape, data, 0, (int) product(shape));
        }
    }

    static long product(long[] shape) {
        long c = 1;
        for (long d : shape) {
            c *= d;
        }
        return c;
    }

    /**
     * The header JSON: {@code __metadata__} first, then the tensors sorted by name, each pointing at
     * its place in the data (tensors laid out in the order given); padded with spaces so that the
     * data starts at a multiple of 8.
     */
    static byte[] header(Map<String, String> metadata, List<Out> tensors) {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            if (!first) {
                h.append(',');
            }
            first = false;
            Json.quote(e.getKey(), h);
            h.append(':');
            Json.quote(e.getValue(), h);
        }
        h.append('}');
        TreeMap<String, long[]> offsets = new TreeMap<>();
        Map<String, Out> byName = new LinkedHashMap<>();
        long at = 0;
        for (Out t : tensors) {
            long bytes = (long) width(t.dtype()) * t.count();
            offsets.put(t.name(), new long[] {at, at + bytes});
            byName.put(t.name(), t);
            at += bytes;
        }
        for (Map.Entry<String, long[]> e : offsets.entrySet()) {
            Out t = byName.get(e.getKey());
            h.append(',');
            Json.quote(t.name(), h);
            h.append(":{\"data_offsets\":[").append(e.getValue()[0]).append(',').append(e.getValue()[1])
                    .append("],\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            for (int k = 0; k < t.shape().length; k++) {
                h.append(k > 0 ? "," : "").append(t.shape()[k]);
            }
            h.append("]}");
        }
        h.append('}');
        byte[] raw = h.toString().getBytes(StandardCharsets.UTF_8);
        checkLimits(raw, metadata.size());
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    /** Refuses to write a header that the reader would refuse for its size or count of values. */
    private static void checkLimits(byte[] header, int metadataKeys) {
        String problem = null;
        if (header.length + 7L > MAX_HEADER) {
            problem = "a header of " + header.length + " bytes, more than the " + MAX_HEADER + " a reader accepts";
        } else if (metadataKeys > MAX_METADATA_KEYS) {
            problem = metadataKeys + " metadata keys, more than the " + MAX_METADATA_KEYS + " a reader accepts";
        } else {
            try {
                Json.parse(header, 0, header.length, MAX_VALUES);
            } catch (Json.SyntaxError e) {
                problem = "a header of more than " + MAX_VALUES + " JSON values and keys, more than a reader accepts";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("the file would need " + problem + "; nothing was written");
        }
    }

    /**
     * Writes a safetensors file atomically: a temporary file in the target's directory, written,
     * forced to disk ({@code FileChannel.force(true)}), moved over {@code file} with
     * {@code ATOMIC_MOVE}, then the directory forced where the platform allows it. On failure the
     * temporary file is deleted and an existing {@code file} is left as it was.
     */
    static void write(Path file, Map<String, String> metadata, List<Out> tensors) throws IOException {
        byte[] header = header(metadata, tensors);
        AtomicFile.write(file, ch -> write(ch, header, tensors));
    }

    /**
     * Writes the same bytes as {@link #write(Path, Map, List)} to a stream, which is flushed but
     * left open.
     */
    static void write(OutputStream out, Map<String, String> metadata, List<Out> tensors) throws IOException {
        byte[] header = header(metadata, tensors);
        write(Channels.newChannel(out), header, tensors);
        out.flush();
    }

    private static void write(WritableByteChannel ch, byte[] header, List<Out> tensors) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
        AtomicFile.writeFully(ch, len);
        AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Out t : tensors) {
            writeValues(ch, buf, t);
        }
    }

    private static void writeValues(WritableByteChannel ch, ByteBuffer buf, Out t) throws IOException {
        for (int done = 0; done < t.count(); ) {
            done += fill(buf, t, done);
            AtomicFile.writeFully(ch, buf);
        }
    }

    /**
     * Puts the next chunk of a tensor's values, from value {@code done}, into {@code buf} as the
     * file holds them, ready to be drained.
     *
     * @return how many values
     */
    private static int fill(ByteBuffer buf, Out t, int done) {
        int w = width(t.dtype());
        buf.clear();
        int k = Math.min(t.count() - done, CHUNK / w);
        int from = t.offset() + done;
        if (t.data() instanceof float[] f) {
            buf.asFloatBuffer().put(f, from, k);
        } else if (t.data() instanceof int[] i) {
            buf.asIntBuffer().put(i, from, k);
        } else {
            buf.asDoubleBuffer().put((double[]) t.data(), from, k);
        }
        buf.limit(w * k);
        return k;
    }

    /** The CRC-32C (Castagnoli) of a tensor's bytes as they are written, 8 lowercase hex digits. */
    static String crc32c(Out t) {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < t.count(); ) {
            done += fill(buf, t, done);
            crc.update(buf);
        }
        return String.format("%08x", crc.getValue());
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * Opens a file to read.
     *
     * @param file the file; messages name it as {@code file.toString()}
     * @return a reader, to be closed, that has read nothing yet
     * @throws IOException if the file cannot be opened
     */
    static Reader open(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.exists(file)) {
            // a named pipe or a device has no size and cannot be read at positions: read it once
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                return bytes(readBounded(in, file.toString()), file.toString());
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new Reader(file.toString(), new Source() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public int read(ByteBuffer b, long pos) throws IOException {
                return ch.read(b, pos);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        });
    }

    /**
     * Reads a stream to its end and opens its bytes to read. The stream is read whole first so that
     * its length is known and every check of a file applies unchanged; what is held is what the
     * stream gave, never a size it declares. The stream is not closed.
     *
     * @param in the stream
     * @param source what messages call it, for example a file name or a URI
     * @return a reader that has read nothing yet
     * @throws IOException if the stream cannot be read
     */
    static Reader open(InputStream in, String source) throws IOException {
        return bytes(in.readAllBytes(), source);
    }

    /** A reader of bytes held whole. */
    private static Reader bytes(byte[] bytes, String source) {
        return new Reader(source, new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(ByteBuffer b, long pos) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = (int) Math.min(b.remaining(), bytes.length - pos);
                b.put(bytes, (int) pos, n);
                return n;
            }

            @Override
            public void close() {
                // nothing held but the bytes
            }
        });
    }

    /**
     * Reads a pipe or device to its end. It has no size to check a header length against, and one
     * that never ends (such as {@code /dev/zero}) must not be read whole before the first check, so a header length that cannot hold a JSON object or is past {@link #MAX_HEADER} is
     * refused after 8 bytes; what follows a valid length is bounded by the largest array.
     */
    private static byte[] readBounded(InputStream in, String source) throws IOException {
        byte[] length = in.readNBytes(8);
        if (length.length == 8) {
            long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (Long.compareUnsigned(n, MAX_HEADER) > 0 || n < 2) {
                throw new InputFormatException(source + ": byte 0: expected a header length of 2 to " + MAX_HEADER
                        + " bytes (16 MiB; real headers are a few KB), found " + Long.toUnsignedString(n));
            }
        }
        int max = Integer.MAX_VALUE - 16;
        byte[] rest = in.readNBytes(max - 8);
        if (rest.length == max - 8 && in.read() >= 0) {
            throw new InputFormatException(source + ": expected a model file of at most " + max
                    + " bytes when it is read as a stream");
        }
        byte[] all = Arrays.copyOf(length, length.length + rest.length);
        System.arraycopy(rest, 0, all, length.length, rest.length);
        return all;
    }

    /** Where a reader's bytes come from: a file, or a stream's bytes. */
    private interface Source extends Closeable {
        long size() throws IOException;

        /** Reads up to {@code b.remaining()} bytes at {@code pos}; -1 at the end. */
        int read(ByteBuffer b, long pos) throws IOException;
    }

    /** A tensor's header entry, checked against the data section. */
    static final class Entry {
        final String name;
        final String dtype;
        final long[] shape;
        final long count;
        final long begin;
        final long end;
        /** Position of the entry's value in the header. */
        final int headerAt;

        Entry(String name, String dtype, long[] shape, long count, long begin, long end, int headerAt) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.count = count;
            this.begin = begin;
            this.end = end;
            this.headerAt = headerAt;
        }
    }

    /**
     * What a schema expects of one tensor.
     *
     * @param dtype its one dtype
     * @param shape its shape
     * @param why what the shape follows from, for messages (for example "architecture 4,5,2")
     */
    record Expected(String dtype, long[] shape, String why) {
    }

    /**
     * The tensors a schema calls for, so that each entry is checked against its expectation as it
     * is read.
     *
     * @param tensors by name
     * @param extra what a name not among them gets as the expected text of its message
     */
    record Schema(Map<String, Expected> tensors, Function<String, String> extra) {
    }

    /** The numerical type a dtype holds, in NumPy's words, for messages. */
    private static String numpyName(String dtype) {
        switch (dtype) {
            case "F32": return "float32";
            case "F64": return "float64";
            default: return "int32";
        }
    }

    /** An open file or stream whose header is read and checked in steps. */
    static final class Reader implements Closeable {
        final String source;
        private final Source in;
        private long size;
        private int headerLength;
        /** The header's root object. */
        Json.Obj root;
        /** The {@code __metadata__} strings, in file order. */
        Map<String, Json.Str> meta;
        /** The {@code __metadata__} object (for positions). */
        Json.Obj metaObj;
        /** The tensors, in file order. */
        final Map<String, Entry> tensors = new LinkedHashMap<>();

        private Reader(String source, Source in) {
            this.source = source;
            this.in = in;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        InputFormatException fail(long at, String expected) {
            return new InputFormatException(source + ": byte " + at + ": expected " + expected);
        }

        /** Offset in the file of a position in the header. */
        long h(int pos) {
            return 8L + pos;
        }

        /** Start of the data section in the file. */
        long dataStart() {
            return 8L + headerLength;
        }

        /**
         * Reads and checks the header length, the JSON and the metadata, which must be an object of
         * strings.
         *
         * @param metadata what the message of a header without {@code __metadata__} expects, for
         *        example "a \"__metadata__\" entry; the header has none, so this is not a checkpoint"
         */
        void readHeader(String metadata) throws IOException {
            size = in.size();
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
                throw fail(0, "a header length of at most " + MAX_HEADER + " bytes (16 MiB; real headers are a few KB), "
                        + "found " + n);
            }
            headerLength = (int) n;
            byte[] header = new byte[headerLength];
            readFully(ByteBuffer.wrap(header), 8);
            Json.Value rootValue;
            try {
                rootValue = Json.parse(header, 0, header.length, MAX_VALUES);
            } catch (Json.SyntaxError e) {
                throw fail(h(e.at), e.expected + (e.tooMany ? " (real headers hold a few hundred)" : " (invalid JSON header)"));
            }
            if (!(rootValue instanceof Json.Obj r)) {
                throw fail(h(rootValue.at()), "a JSON object as the safetensors header");
            }
            root = r;
            Json.Value metaValue = root.members().get("__metadata__");
            if (metaValue == null) {
                throw fail(8, metadata);
            }
            if (!(metaValue instanceof Json.Obj mo)) {
                throw fail(h(metaValue.at()), "an object of strings as __metadata__");
            }
            metaObj = mo;
            if (mo.members().size() > MAX_METADATA_KEYS) {
                String past = new ArrayList<>(mo.keyAt().keySet()).get(MAX_METADATA_KEYS);
                throw fail(h(mo.keyAt().get(past)), "at most " + MAX_METADATA_KEYS + " __metadata__ keys, found "
                        + mo.members().size());
            }
            meta = new LinkedHashMap<>();
            for (Map.Entry<String, Json.Value> e : mo.members().entrySet()) {
                if (!(e.getValue() instanceof Json.Str s)) {
                    throw fail(h(e.getValue().at()), "a string as the value of __metadata__ key \"" + e.getKey() + "\"");
                }
                meta.put(e.getKey(), s);
            }
        }

        /**
         * Checks each tensor entry, in file order, and keeps it in {@link #tensors}.
         *
         * @param schema the tensors the schema calls for, each checked against its dtype and shape
         *        (a name not among them is refused); null to check entries only as safetensors
         */
        void readEntries(Schema schema) throws InputFormatException {
            long dataLength = size - dataStart();
            for (Map.Entry<String, Json.Value> e : root.members().entrySet()) {
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                Expected expected = null;
                if (schema != null) {
                    expected = schema.tensors().get(name);
                    if (expected == null) {
                        throw fail(h(root.keyAt().get(name)), schema.extra().apply(name));
                    }
                }
                tensors.put(name, entry(name, e.getValue(), expected, dataLength));
            }
            if (schema != null) {
                // in the schema's order, which names the tensors of equal offsets in messages
                Map<String, Entry> inFile = new LinkedHashMap<>(tensors);
                tensors.clear();
                for (String name : schema.tensors().keySet()) {
                    if (inFile.containsKey(name)) {
                        tensors.put(name, inFile.get(name));
                    }
                }
            }
        }

        /** Checks that the tensors read cover the data section without overlaps, gaps or trailing bytes. */
        void checkCoverage() throws InputFormatException {
            long dataLength = size - dataStart();
            List<Entry> byOffset = new ArrayList<>(tensors.values());
            byOffset.sort(Comparator.comparingLong((Entry t) -> t.begin).thenComparingLong(t -> t.end));
            long next = 0;
            Entry previous = null;
            for (Entry t : byOffset) {
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
                throw fail(dataStart() + next, "the end of the file after the last tensor, found "
                        + (dataLength - next) + " trailing bytes");
            }
        }

        private Entry entry(String name, Json.Value v, Expected expected, long dataLength) throws InputFormatException {
            if (!(v instanceof Json.Obj o)) {
                throw fail(h(v.at()), "an object with dtype, shape and data_offsets for tensor \"" + name + "\"");
            }
            for (Map.Entry<String, Json.Value> e : o.members().entrySet()) {
                if (!List.of("dtype", "shape", "data_offsets").contains(e.getKey())) {
                    throw fail(h(o.keyAt().get(e.getKey())), "only dtype, shape and data_offsets in tensor \"" + name
                            + "\", found \"" + e.getKey() + "\"");
                }
            }
            String dtype = dtype(o, name, expected);
            long[] shape = integers(o, "shape", name);
            if (expected != null && !Arrays.equals(shape, expected.shape())) {
                throw fail(h(o.members().get("shape").at()), "shape " + Arrays.toString(expected.shape())
                        + " for tensor \"" + name + "\" (" + expected.why() + "), found " + Arrays.toString(shape));
            }
            long count = 1;
            for (long dim : shape) {
                if (dim > Integer.MAX_VALUE || (count = count * dim) > Integer.MAX_VALUE) {
                    throw fail(h(o.members().get("shape").at()), "a tensor of at most " + Integer.MAX_VALUE
                            + " values for \"" + name + "\", found shape " + Arrays.toString(shape));
                }
            }
            long[] off = integers(o, "data_offsets", name);
            int offAt = o.members().get("data_offsets").at();
            if (off.length != 2 || off[0] > off[1]) {
                throw fail(h(offAt), "data_offsets [begin, end] with begin <= end for tensor \"" + name + "\", found "
                        + Arrays.toString(off));
            }
            if (off[1] > dataLength) {
                throw fail(h(offAt), "data_offsets of tensor \"" + name + "\" within the " + dataLength
                        + " data bytes after the header, found " + Arrays.toString(off));
            }
            int w = width(dtype);
            if (off[0] % w != 0) {
                throw fail(h(offAt), "data_offsets of tensor \"" + name + "\" aligned to " + w + " bytes ("
                        + (expected == null ? dtype : numpyName(dtype)) + "), found " + Arrays.toString(off));
            }
            if (off[1] - off[0] != w * count) {
                throw fail(h(offAt), (w * count) + " data bytes (" + w + " × " + count + " values of shape "
                        + Arrays.toString(shape) + ") for tensor \"" + name + "\", found data_offsets "
                        + Arrays.toString(off) + " spanning " + (off[1] - off[0]));
            }
            return new Entry(name, dtype, shape, count, off[0], off[1], v.at());
        }

        /** The entry's dtype: the expected one, or any this codec knows. */
        private String dtype(Json.Obj o, String name, Expected expected) throws InputFormatException {
            Json.Value v = o.members().get("dtype");
            String found = v instanceof Json.Str d ? d.value() : null;
            boolean ok = found != null && (expected == null ? width(found) != 0 : found.equals(expected.dtype()));
            if (!ok) {
                String want = expected == null ? "\"F32\", \"F64\" or \"I32\""
                        : "\"" + expected.dtype() + "\" (little-endian " + numpyName(expected.dtype()) + ")";
                throw fail(h(v == null ? o.at() : v.at()), "dtype " + want + " for tensor \"" + name + "\", found "
                        + (found == null ? "none" : "\"" + found + "\""));
            }
            return found;
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

        /**
         * The entry of a tensor that must be present with this dtype and shape.
         *
         * @param why what the shape follows from, for the message (for example "architecture 4,5,2")
         */
        Entry require(String name, String dtype, long[] shape, String why) throws InputFormatException {
            Entry t = tensors.get(name);
            if (t == null) {
                throw fail(8, "a tensor \"" + name + "\" (" + dtype + ", shape " + Arrays.toString(shape) + ", for "
                        + why + "); the header has none");
            }
            if (!t.dtype.equals(dtype)) {
                throw fail(h(t.headerAt), "dtype \"" + dtype + "\" for tensor \"" + name + "\", found \"" + t.dtype + "\"");
            }
            if (shape != null && !Arrays.equals(shape, t.shape)) {
                throw fail(h(t.headerAt), "shape " + Arrays.toString(shape) + " for tensor \"" + name + "\" (" + why
                        + "), found " + Arrays.toString(t.shape));
            }
            return t;
        }

        /** Reads an F32 tensor into dest[off..], refusing values that are not finite. */
        void readF32(Entry t, float[] dest, int off) throws IOException {
            readValues(t, (buf, done, k, pos) -> {
                buf.asFloatBuffer().get(dest, off + done, k);
                for (int j = 0; j < k; j++) {
                    float x = dest[off + done + j];
                    if (!Float.isFinite(x)) {
                        throw fail(pos + 4L * j, "finite values, found " + x + " in tensor \"" + t.name
                                + "\" at index " + index(t, done + j));
                    }
                }
            });
        }

        /** Reads an I32 tensor. */
        int[] readI32(Entry t) throws IOException {
            int[] dest = new int[(int) t.count];
            readValues(t, (buf, done, k, pos) -> buf.asIntBuffer().get(dest, done, k));
            return dest;
        }

        /** Reads an F64 tensor (any value, NaN included). */
        double[] readF64(Entry t) throws IOException {
            double[] dest = new double[(int) t.count];
            readValues(t, (buf, done, k, pos) -> buf.asDoubleBuffer().get(dest, done, k));
            return dest;
        }

        /** Takes one chunk of a tensor's values: {@code k} values from value {@code done}, read at {@code pos}. */
        @FunctionalInterface
        private interface Chunk {
            void take(ByteBuffer buf, int done, int k, long pos) throws IOException;
        }

        /** Reads a tensor's values in chunks of at most {@code CHUNK} bytes, handing each on. */
        private void readValues(Entry t, Chunk chunk) throws IOException {
            int w = width(t.dtype);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) t.count;
            int done = 0;
            while (done < n) {
                int k = Math.min(n - done, CHUNK / w);
                buf.clear().limit(w * k);
                long pos = dataStart() + t.begin + (long) w * done;
                readFully(buf, pos);
                buf.flip();
                chunk.take(buf, done, k, pos);
                done += k;
            }
        }

        /** The CRC-32C of a tensor's bytes in the file, 8 lowercase hex digits, as {@link #crc32c(Out)}. */
        String crc32c(Entry t) throws IOException {
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            for (long pos = dataStart() + t.begin, end = dataStart() + t.end; pos < end; ) {
                buf.clear().limit((int) Math.min(CHUNK, end - pos));
                readFully(buf, pos);
                pos += buf.flip().remaining();
                crc.update(buf);
            }
            return String.format("%08x", crc.getValue());
        }

        /** Offset in the file of element i of a tensor. */
        long at(Entry t, long i) {
            return dataStart() + t.begin + (long) width(t.dtype) * i;
        }

        private static String index(Entry t, int i) {
            return t.shape.length == 2 ? "[" + i / t.shape[1] + ", " + i % t.shape[1] + "]" : "[" + i + "]";
        }

        private void readFully(ByteBuffer b, long pos) throws IOException {
            long p = pos;
            while (b.hasRemaining()) {
                int r = in.read(b, p);
                if (r < 0) {
                    throw new EOFException(source + ": byte " + p + ": the file ended while it was being read");
                }
                p += r;
            }
        }
    }
}
