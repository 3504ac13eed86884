package dev.backprop.io;

import dev.backprop.data.InputFormatException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict, general safetensors writer and reader for the dtypes F32, F64 and I32 (little-endian),
 * used by {@link CheckpointFile}: atomic writes, and a reader that checks the header length, the
 * JSON, the metadata (strings only), every tensor entry (known dtype, integer shape, offsets in
 * range, aligned, of the right length) and that the tensors cover the data without overlaps, gaps
 * or trailing bytes, before any tensor of a declared size is allocated.
 */
final class Safetensors {
    /** Headers longer than this (100 MB) are refused without being read. */
    static final long MAX_HEADER = 100_000_000L;

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
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Writes a safetensors file atomically: a temporary file in the target's directory, written,
     * forced to disk ({@code FileChannel.force(true)}), moved over {@code file} with
     * {@code ATOMIC_MOVE}, then the directory forced where the platform allows it. On failure the
     * temporary file is deleted and an existing {@code file} is left as it was.
     */
    static void write(Path file, Map<String, String> metadata, List<Out> tensors) throws IOException {
        byte[] header = header(metadata, tensors);
        AtomicFile.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFile.writeFully(ch, len);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Out t : tensors) {
                writeValues(ch, buf, t);
            }
        });
    }

    /** Deletes leftovers of writes killed midway; see {@link AtomicFile#removeStaleTemps}. */
    static void removeStaleTemps(Path file) {
        AtomicFile.removeStaleTemps(file);
    }

    private static void writeValues(FileChannel ch, ByteBuffer buf, Out t) throws IOException {
        int w = width(t.dtype());
        int per = CHUNK / w;
        int done = 0;
        while (done < t.count()) {
            buf.clear();
            int k = Math.min(t.count() - done, per);
            int from = t.offset() + done;
            if (t.data() instanceof float[] f) {
                buf.asFloatBuffer().put(f, from, k);
            } else if (t.data() instanceof int[] i) {
                buf.asIntBuffer().put(i, from, k);
            } else {
                buf.asDoubleBuffer().put((double[]) t.data(), from, k);
            }
            buf.limit(w * k);
            AtomicFile.writeFully(ch, buf);
            done += k;
        }
    }

    // ------------------------------------------------------------------------------------ reading

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

    /** An open file whose header has been read and checked. */
    static final class Reader {
        final Path file;
        private final FileChannel ch;
        private int headerLength;
        /** The {@code __metadata__} strings, in file order. */
        Map<String, Json.Str> meta;
        /** The {@code __metadata__} object (for positions). */
        Json.Obj metaObj;
        /** The tensors, in file order. */
        final Map<String, Entry> tensors = new LinkedHashMap<>();

        Reader(Path file, FileChannel ch) {
            this.file = file;
            this.ch = ch;
        }

        InputFormatException fail(long at, String expected) {
            return new InputFormatException(file + ": byte " + at + ": expected " + expected);
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
         * Reads and checks the header. {@code what} names the file kind for messages, for example
         * "a Backprop checkpoint".
         */
        void readHeader(String what) throws IOException {
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
            Json.Value metaValue = root.members().get("__metadata__");
            if (metaValue == null) {
                throw fail(8, "a \"__metadata__\" entry; the header has none, so this is not " + what);
            }
            if (!(metaValue instanceof Json.Obj mo)) {
                throw fail(h(metaValue.at()), "an object of strings as __metadata__");
            }
            metaObj = mo;
            meta = new LinkedHashMap<>();
            for (Map.Entry<String, Json.Value> e : mo.members().entrySet()) {
                if (!(e.getValue() instanceof Json.Str s)) {
                    throw fail(h(e.getValue().at()), "a string as the value of __metadata__ key \"" + e.getKey() + "\"");
                }
                meta.put(e.getKey(), s);
            }
            long dataLength = size - dataStart();
            for (Map.Entry<String, Json.Value> e : root.members().entrySet()) {
                if (!e.getKey().equals("__metadata__")) {
                    tensors.put(e.getKey(), entry(e.getKey(), e.getValue(), dataLength));
                }
            }
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

        private Entry entry(String name, Json.Value v, long dataLength) throws InputFormatException {
            if (!(v instanceof Json.Obj o)) {
                throw fail(h(v.at()), "an object with dtype, shape and data_offsets for tensor \"" + name + "\"");
            }
            for (Map.Entry<String, Json.Value> e : o.members().entrySet()) {
                if (!List.of("dtype", "shape", "data_offsets").contains(e.getKey())) {
                    throw fail(h(o.keyAt().get(e.getKey())), "only dtype, shape and data_offsets in tensor \"" + name
                            + "\", found \"" + e.getKey() + "\"");
                }
            }
            Json.Value dtypeValue = o.members().get("dtype");
            if (!(dtypeValue instanceof Json.Str d) || width(d.value()) == 0) {
                throw fail(h(dtypeValue == null ? o.at() : dtypeValue.at()), "dtype \"F32\", \"F64\" or \"I32\" for tensor \""
                        + name + "\", found " + (dtypeValue instanceof Json.Str d2 ? "\"" + d2.value() + "\"" : "none"));
            }
            long[] shape = integers(o, "shape", name);
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
            int w = width(d.value());
            if (off[0] % w != 0) {
                throw fail(h(offAt), "data_offsets of tensor \"" + name + "\" aligned to " + w + " bytes ("
                        + d.value() + "), found " + Arrays.toString(off));
            }
            if (off[1] - off[0] != w * count) {
                throw fail(h(offAt), (w * count) + " data bytes (" + w + " × " + count + " values of shape "
                        + Arrays.toString(shape) + ") for tensor \"" + name + "\", found data_offsets "
                        + Arrays.toString(off) + " spanning " + (off[1] - off[0]));
            }
            return new Entry(name, d.value(), shape, count, off[0], off[1], v.at());
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
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) t.count;
            int done = 0;
            while (done < n) {
                int k = Math.min(n - done, CHUNK / 4);
                buf.clear().limit(4 * k);
                long pos = dataStart() + t.begin + 4L * done;
                readFully(buf, pos);
                buf.flip();
                buf.asFloatBuffer().get(dest, off + done, k);
                for (int j = 0; j < k; j++) {
                    float x = dest[off + done + j];
                    if (!Float.isFinite(x)) {
                        throw fail(pos + 4L * j, "finite values, found " + x + " in tensor \"" + t.name
                                + "\" at index " + index(t, done + j));
                    }
                }
                done += k;
            }
        }

        /** Reads an I32 tensor. */
        int[] readI32(Entry t) throws IOException {
            int[] dest = new int[(int) t.count];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < dest.length) {
                int k = Math.min(dest.length - done, CHUNK / 4);
                buf.clear().limit(4 * k);
                readFully(buf, dataStart() + t.begin + 4L * done);
                buf.flip();
                buf.asIntBuffer().get(dest, done, k);
                done += k;
            }
            return dest;
        }

        /** Reads an F64 tensor (any value, NaN included). */
        double[] readF64(Entry t) throws IOException {
            double[] dest = new double[(int) t.count];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < dest.length) {
                int k = Math.min(dest.length - done, CHUNK / 8);
                buf.clear().limit(8 * k);
                readFully(buf, dataStart() + t.begin + 8L * done);
                buf.flip();
                buf.asDoubleBuffer().get(dest, done, k);
                done += k;
            }
            return dest;
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
                int r = ch.read(b, p);
                if (r < 0) {
                    throw new EOFException(file + ": byte " + p + ": the file ended while it was being read");
                }
                p += r;
            }
        }
    }
}
