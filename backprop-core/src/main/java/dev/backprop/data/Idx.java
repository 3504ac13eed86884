package dev.backprop.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (recognised by its
 * magic bytes, not the file name).
 *
 * <p>An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
 * one big-endian 32-bit size per dimension, then the values in row-major order, big-endian. Type
 * codes: 0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double.
 * Floats and doubles must be finite (doubles also within the float32 range), as in the CSV reader.
 * Values are read straight into a float array: for a plain file, no second copy of the data is held
 * and nothing is allocated before the file's length is found to hold the declared values; for a
 * gzip-compressed file the array grows (doubling) with the values actually decompressed, unless the
 * gzip trailer's length field matches the declared size and deflate's best ratio allows it (then it
 * is allocated once, as for a plain file); a declared size is never allocated for data that a file
 * of that length cannot hold.
 */
public final class Idx {
    /** Refuse arrays of more values than this (2^31 − 16, the largest Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    private Idx() {
    }

    /**
     * A read IDX file: its dimensions and its values as floats, row-major.
     *
     * @param dims the dimensions, the number of items first
     * @param values the values, row-major
     * @param valueSize bytes per value as stored (1, 2, 4 or 8), for messages that name a byte offset
     */
    public record Array(int[] dims, float[] values, int valueSize) {
        /** @return the first dimension: the number of items */
        public int items() {
            return dims[0];
        }

        /** @return values per item: the product of the other dimensions */
        public int itemSize() {
            int s = 1;
            for (int d = 1; d < dims.length; d++) {
                s *= dims[d];
            }
            return s;
        }
    }

    /**
     * Reads a whole IDX file.
     *
     * @param file the file, plain or gzip-compressed
     * @return its dimensions and values
     * @throws InputFormatException naming the file, the byte offset and what was expected
     * @throws IOException if the file cannot be read at all
     */
    public static Array read(Path file) throws IOException {
        return read(Gzip.raw(file), file, InputLimits.defaults(), -1, true);
    }

    /**
     * Reads a whole IDX stream, as {@link #read(Path)} reads a file: for a pipe, a FIFO or standard
     * input, whose bytes can be read only once. The values array grows with the values read, so
     * a declared size is never allocated before its data has come.
     *
     * @param in the raw bytes, plain or gzip-compressed, read to their end; closed by this method
     * @param file the name to give in messages
     * @param limits the largest gzip expansion accepted
     * @return its dimensions and values
     * @throws InputFormatException naming the file, the byte offset and what was expected
     * @throws IOException if the stream cannot be read
     */
    public static Array read(InputStream in, Path file, InputLimits limits) throws IOException {
        return read(in, file, limits, -1, false);
    }

    /**
     * Reads a whole IDX stream whose raw length is known (a regular file read as a stream), so
     * that the values can be allocated once at their declared size, as for {@link #read(Path)},
     * when that length can hold them: plain, it must hold every declared byte; gzip-compressed,
     * the declared bytes must be within {@link InputLimits#maxGzipRatio} of it, the most the
     * reader would decompress anyway.
     *
     * @param in the raw bytes, plain or gzip-compressed, read to their end; closed by this method
     * @param file the name to give in messages
     * @param limits the largest gzip expansion accepted
     * @param length the raw bytes' length, or −1 when unknown (then the array grows with the values read)
     * @return its dimensions and values
     * @throws InputFormatException naming the file, the byte offset and what was expected
     * @throws IOException if the stream cannot be read
     */
    public static Array read(InputStream in, Path file, InputLimits limits, long length) throws IOException {
        return read(in, file, limits, length, false);
    }

    /**
     * @param rawIn the raw bytes; when {@code isFile}, buffered, as {@link Gzip#raw} opens them
     * @param length the raw length when known, else −1
     * @param isFile whether {@code file} is a file to look at (its length, its gzip trailer), so
     *     that the values can be allocated at once
     */
    private static Array read(InputStream rawIn, Path file, InputLimits limits, long length, boolean isFile)
            throws IOException {
        InputStream content = Gzip.open(rawIn, file.toString(), limits.maxGzipRatio());
        boolean gzipped = content != rawIn;
        try (DataInputStream in = new DataInputStream(new GzipErrors(content, file))) {
            long offset = 0;
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new InputFormatException(file + ": byte 0: expected a 4-byte IDX magic number, the file is "
                        + "shorter");
            }
            if ((magic >>> 16) != 0) {
                throw new InputFormatException(String.format("%s: byte 0: expected an IDX magic number "
                        + "00 00 TT NN, found %08x", file, magic));
            }
            int type = (magic >>> 8) & 0xff;
            int size = typeSize(type);
            if (size == 0) {
                throw new InputFormatException(String.format("%s: byte 2: unknown IDX type code 0x%02x; expected "
                        + "0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E", file, type));
            }
            int rank = magic & 0xff;
            if (rank < 1) {
                throw new InputFormatException(file + ": byte 3: an IDX file needs at least 1 dimension, found 0");
            }
            offset = 4;
            int[] dims = new int[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                try {
                    dims[d] = in.readInt();
                } catch (EOFException e) {
                    throw new InputFormatException(file + ": byte " + offset + ": expected size of dimension " + d
                            + " of " + rank + ", the file ends");
                }
                if (dims[d] < 0) {
                    throw new InputFormatException(file + ": byte " + offset + ": dimension " + d + " is "
                            + Integer.toUnsignedString(dims[d]) + ", larger than 2^31 − 1");
                }
                count *= dims[d];
                if (count > MAX_VALUES) {
                    throw new InputFormatException(file + ": byte " + offset + ": dimensions "
                            + Arrays.toString(Arrays.copyOf(dims, d + 1)) + " hold more than " + MAX_VALUES
                            + " values, more than this reader holds in memory");
                }
                offset += 4;
            }
            long bytes = offset + count * size;
            long plainSize = gzipped ? -1 : isFile ? Files.size(file) : length;
            boolean sized = gzipped && (isFile ? gzipHolds(file, bytes)
                    : length >= 0 && (bytes <= InputLimits.RATIO_FREE_BYTES || bytes / limits.maxGzipRatio() <= length));
            float[] values = readValues(in, file, type, (int) count, offset, plainSize, sized);
            if (in.read() != -1) {
                throw new InputFormatException(file + ": byte " + (offset + count * size) + ": expected the end of "
                        + "the file after " + count + " values of dimensions " + Arrays.toString(dims)
                        + ", found more bytes");
            }
            return new Array(dims, values, size);
        }
    }

    /**
     * Whether a file holds IDX data: after gunzip, the magic 00 00 TT NN with a known type code.
     * Only the first four bytes are decompressed, so a gzip stream damaged further on is left for
     * the reader of the whole file to report.
     *
     * @param file the file, plain or gzip-compressed
     * @return true for IDX; false for anything else, a gzip stream damaged in its first bytes included
     * @throws InputFormatException if the gzip header is damaged
     * @throws IOException if the file cannot be read
     */
    public static boolean isIdx(Path file) throws IOException {
        byte[] b;
        try {
            b = Gzip.head(file, 4);
        } catch (ZipException | EOFException e) {
            return false;
        }
        return isIdx(b);
    }

    /**
     * Whether a stream holds IDX data, as {@link #isIdx(Path)} tells for a file, leaving the
     * stream where it was, so that the same bytes can then be read by {@link #read(InputStream,
     * Path, InputLimits)} or by the CSV reader.
     *
     * @param in the raw bytes, plain or gzip-compressed; must support mark and reset
     * @param file the name to give in messages
     * @return true for IDX; false for anything else, a gzip stream damaged in its first bytes included
     * @throws InputFormatException if the gzip header is damaged
     * @throws IOException if the stream cannot be read
     */
    public static boolean isIdx(InputStream in, Path file) throws IOException {
        try {
            return isIdx(Gzip.head(in, file.toString(), 4));
        } catch (ZipException | EOFException e) {
            return false;
        }
    }

    private static boolean isIdx(byte[] b) {
        return b.length == 4 && b[0] == 0 && b[1] == 0 && typeSize(b[2] & 0xff) != 0;
    }

    /**
     * The number of classes that labels read for training give: the largest label + 1. Labels
     * are class numbers 0..K−1; a class may be missing, but a label more than twice the number
     * of distinct labels is refused, naming its item: it is a wrong value (a label 200 among
     * 0..2), which would otherwise make that many classes, nearly all empty.
     *
     * @param labels labels of one dimension, one per item
     * @param file the labels file, for messages
     * @return the number of classes, at least 2
     * @throws InputFormatException naming the first item whose label is not a non-negative
     *     integer or lies far past the others
     */
    public static int classCount(Array labels, Path file) throws InputFormatException {
        float[] v = labels.values();
        java.util.Set<Float> distinct = new java.util.HashSet<>();
        for (int c = 0; c < v.length; c++) {
            if (v[c] != (int) v[c] || v[c] < 0) {
                throw new InputFormatException(file + ": byte " + labelOffset(labels, c) + ": label " + c + " is "
                        + v[c] + "; expected a class number, an integer 0 or more");
            }
            distinct.add(v[c]);
        }
        long bound = 2L * distinct.size();
        float max = 0;
        for (int c = 0; c < v.length; c++) {
            if (v[c] > bound) {
                throw new InputFormatException(file + ": byte " + labelOffset(labels, c) + ": label " + c + " is "
                        + (int) v[c] + ", but the labels hold only " + distinct.size() + " distinct values; expected "
                        + "class numbers 0..K-1 (at most " + bound + " here), not one far past the others");
            }
            max = Math.max(max, v[c]);
        }
        return Math.max(2, (int) max + 1);
    }

    private static long labelOffset(Array labels, int c) {
        return 4L + 4L * labels.dims().length + (long) c * labels.valueSize();
    }

    /**
     * Reads an images file and a labels file (MNIST layout) into a classification data set, every
     * pixel divided by {@code divisor}. A divisor of 255 maps bytes to [0, 1] with one float32
     * division per pixel, {@code (float) b / 255f}, which is what torchvision's {@code ToTensor}
     * computes; multiplying by {@code 1 / 255f} instead rounds twice and differs in the last bit
     * for many byte values, so another tool could not replay a run exactly.
     *
     * @param images IDX file of n items (any shape per item)
     * @param labels IDX file of n labels
     * @param classes the number of classes; labels must lie in [0, classes)
     * @param divisor divides every pixel: 255 for [0, 1], 1 for the values as stored; finite and
     *                ≥ 1, so that a scale factor such as {@code 1 / 255f} is refused instead of
     *                being read as a divisor
     * @return the data set
     * @throws IllegalArgumentException if the divisor is not finite or below 1
     * @throws InputFormatException if a file is malformed or the two disagree
     * @throws IOException if a file cannot be read
     */
    public static Dataset classification(Path images, Path labels, int classes, float divisor) throws IOException {
        if (!(divisor >= 1f) || Float.isInfinite(divisor)) {
            throw new IllegalArgumentException("pixel divisor must be finite and >= 1 (pixels are divided by it; "
                    + "255 maps bytes to [0, 1]), got " + divisor);
        }
        return classification(read(images), images, read(labels), labels, classes, divisor);
    }

    /**
     * An images array and a labels array, as read by {@link #read}, as a classification data set,
     * with the checks and the pixel division of {@link #classification(Path, Path, int, float)}.
     *
     * @param x the images: n items (any shape per item)
     * @param images the images file, for messages
     * @param y the labels: n of them, one dimension
     * @param labels the labels file, for messages
     * @param classes the number of classes; labels must lie in [0, classes)
     * @param divisor divides every pixel, finite and ≥ 1
     * @return the data set (it shares the images' values, divided in place)
     * @throws IllegalArgumentException if the divisor is not finite or below 1
     * @throws InputFormatException if an array is malformed or the two disagree
     */
    public static Dataset classification(Array x, Path images, Array y, Path labels, int classes, float divisor)
            throws InputFormatException {
        if (!(divisor >= 1f) || Float.isInfinite(divisor)) {
            throw new IllegalArgumentException("pixel divisor must be finite and >= 1 (pixels are divided by it; "
                    + "255 maps bytes to [0, 1]), got " + divisor);
        }
        if (x.items() == 0 || x.itemSize() == 0) {
            throw new InputFormatException(images + ": byte 4: expected at least one item of at least one value, "
                    + "found dimensions " + Arrays.toString(x.dims()));
        }
        if (y.dims().length != 1) {
            throw new InputFormatException(labels + ": expected 1 dimension of labels, found "
                    + Arrays.toString(y.dims()));
        }
        if (x.items() != y.items()) {
            throw new InputFormatException(labels + ": byte 4: expected " + x.items() + " labels, one per item of "
                    + images + ", found " + y.items());
        }
        int[] l = new int[y.items()];
        for (int c = 0; c < l.length; c++) {
            float v = y.values()[c];
            if (v != (int) v || v < 0 || v >= classes) {
                throw new InputFormatException(labels + ": byte " + labelOffset(y, c) + ": label " + c + " is " + v
                        + "; expected an integer 0.." + (classes - 1));
            }
            l[c] = (int) v;
        }
        float[] v = x.values();
        if (divisor != 1f) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= divisor;
            }
        }
        return Dataset.classification(v, l, x.itemSize(), classes);
    }

    /**
     * Turns the errors of a damaged gzip stream (bad deflate data, a stream that ends early, a
     * wrong checksum in the trailer) into {@link InputFormatException}s naming the offset in the
     * decompressed data, wherever the reader was: in the header, the values or the end check.
     */
    private static final class GzipErrors extends FilterInputStream {
        private final Path file;
        private long at;

        GzipErrors(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    at++;
                }
                return b;
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    at += n;
                }
                return n;
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
        }

        private InputFormatException damaged(IOException e) {
            return new InputFormatException(file + ": byte " + at + " of the decompressed data: compressed data is "
                    + "damaged (" + e.getMessage() + "); expected a whole gzip stream");
        }
    }

    /** The largest ratio of decompressed to compressed size that deflate reaches (about 1032:1). */
    private static final long DEFLATE_MAX_RATIO = 1032;

    /**
     * Whether a gzip file's trailer vouches for {@code bytes} of decompressed content: its ISIZE
     * field (the decompressed length modulo 2^32) matches, and so much content is possible from a
     * file of this length at deflate's best ratio. Then the values can be read into one array of
     * the declared size (one copy of the data, as for a plain file) without trusting a size that a
     * small file merely declares; if the stream then ends early, the reader reports it as usual.
     */
    private static boolean gzipHolds(Path file, long bytes) throws IOException {
        long length = Files.size(file);
        if (length < 18 || bytes > length * DEFLATE_MAX_RATIO) {
            return false;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, length - 4 + b.position()) < 0) {
                    return false;
                }
            }
            return (b.getInt(0) & 0xffffffffL) == (bytes & 0xffffffffL);
        }
    }

    private static int typeSize(int type) {
        switch (type) {
            case 0x08: case 0x09: return 1;
            case 0x0B: return 2;
            case 0x0C: case 0x0D: return 4;
            case 0x0E: return 8;
            default: return 0;
        }
    }

    /**
     * Reads the values after the header. The array is sized from the declared dimensions only once
     * the data is known to be there: for a plain file the size is checked against the file's
     * length first; for a gzip-compressed file, whose length says nothing of its content, the
     * array grows with the values actually read.
     *
     * @param plainSize the file's length, or −1 when it is compressed
     * @param sized whether a compressed file's trailer vouches for the declared size (see
     *     {@link #gzipHolds}): then the array is allocated once, at its final size
     */
    private static float[] readValues(DataInputStream in, Path file, int type, int count, long offset, long plainSize,
            boolean sized) throws IOException {
        int size = typeSize(type);
        if (plainSize >= 0 && plainSize - offset < (long) count * size) {
            long whole = (plainSize - offset) / size;
            throw new InputFormatException(file + ": byte " + plainSize + ": expected " + count + " values ("
                    + (long) count * size + " bytes) after the header, the file ends after " + whole + " values");
        }
        float[] v = new float[plainSize >= 0 || sized ? count : Math.min(count, 1 << 16)];
        byte[] buf = new byte[1 << 16];
        int done = 0;
        int carry = 0;
        while (done < count) {
            int want = (int) Math.min(buf.length - carry, (long) (count - done) * size - carry);
            int got = in.read(buf, carry, want);
            if (got < 0) {
                throw new InputFormatException(file + ": byte " + (offset + (long) done * size + carry)
                        + ": expected " + count + " values (" + (long) count * size + " bytes) after the header, "
                        + "the file ends after " + done + " values");
            }
            int have = carry + got;
            int whole = have / size;
            if (done + whole > v.length) {
                v = Arrays.copyOf(v, (int) Math.min(count, Math.max(2L * v.length, done + whole)));
            }
            for (int i = 0; i < whole; i++) {
                int p = i * size;
                switch (type) {
                    case 0x08: v[done + i] = buf[p] & 0xff; break;
                    case 0x09: v[done + i] = buf[p]; break;
                    case 0x0B: v[done + i] = (short) (((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff)); break;
                    case 0x0C: v[done + i] = int32(buf, p); break;
                    case 0x0D: v[done + i] = Float.intBitsToFloat(int32(buf, p)); break;
                    default: v[done + i] = (float) Double.longBitsToDouble(((long) int32(buf, p) << 32)
                            | (int32(buf, p + 4) & 0xffffffffL));
                }
                if (!Float.isFinite(v[done + i])) {
                    throw new InputFormatException(file + ": byte " + (offset + (long) (done + i) * size)
                            + ": expected finite values" + (type == 0x0E ? " within the float32 range" : "")
                            + ", found " + v[done + i] + " at value " + (done + i));
                }
            }
            carry = have - whole * size;
            System.arraycopy(buf, whole * size, buf, 0, carry);
            done += whole;
        }
        return v;
    }

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
