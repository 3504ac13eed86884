package dev.backprop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (recognised by its
 * magic bytes, not the file name).
 *
 * <p>An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
 * one big-endian 32-bit size per dimension, then the values in row-major order, big-endian. Type
 * codes: 0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double.
 * Values are read straight into a float array: no second copy of the data is held.
 */
public final class Idx {
    /** Refuse arrays of more values than this (2^31 − 16, the largest Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    private Idx() {
    }

    /** A read IDX file: its dimensions and its values as floats, row-major. */
    public record Array(int[] dims, float[] values) {
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
        try (InputStream raw = open(file); DataInputStream in = new DataInputStream(raw)) {
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
            float[] values = readValues(in, file, type, (int) count, offset);
            if (in.read() != -1) {
                throw new InputFormatException(file + ": byte " + (offset + count * size) + ": expected the end of "
                        + "the file after " + count + " values of dimensions " + Arrays.toString(dims)
                        + ", found more bytes");
            }
            return new Array(dims, values);
        }
    }

    /**
     * Reads an images file and a labels file (MNIST layout) into a classification data set, pixel
     * values multiplied by {@code scale} (1/255 maps bytes to [0, 1]).
     *
     * @param images IDX file of n items (any shape per item)
     * @param labels IDX file of n labels
     * @param classes the number of classes; labels must lie in [0, classes)
     * @param scale multiplies every pixel
     * @return the data set
     * @throws InputFormatException if a file is malformed or the two disagree
     * @throws IOException if a file cannot be read
     */
    public static Dataset classification(Path images, Path labels, int classes, float scale) throws IOException {
        Array x = read(images);
        Array y = read(labels);
        if (y.dims().length != 1) {
            throw new InputFormatException(labels + ": expected 1 dimension of labels, found "
                    + Arrays.toString(y.dims()));
        }
        if (x.items() != y.items()) {
            throw new InputFormatException(images + " holds " + x.items() + " items but " + labels + " holds "
                    + y.items() + " labels");
        }
        int[] l = new int[y.items()];
        for (int c = 0; c < l.length; c++) {
            float v = y.values()[c];
            if (v != (int) v || v < 0 || v >= classes) {
                throw new InputFormatException(labels + ": label " + c + " is " + v + "; expected an integer 0.."
                        + (classes - 1));
            }
            l[c] = (int) v;
        }
        float[] v = x.values();
        if (scale != 1f) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return Dataset.classification(v, l, x.itemSize(), classes);
    }

    /**
     * Opens a file for reading, decompressing it when it starts with the gzip magic bytes 1f 8b.
     *
     * @param file the file
     * @return a buffered stream of its (decompressed) bytes
     * @throws InputFormatException if the gzip header is damaged
     * @throws IOException if the file cannot be opened
     */
    static InputStream open(Path file) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new InputFormatException(file + ": byte 0: gzip header is damaged (" + e.getMessage() + ")");
            }
        }
        return in;
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

    private static float[] readValues(DataInputStream in, Path file, int type, int count, long offset)
            throws IOException {
        float[] v = new float[count];
        int size = typeSize(type);
        byte[] buf = new byte[1 << 16];
        int done = 0;
        int carry = 0;
        while (done < count) {
            int want = (int) Math.min(buf.length - carry, (long) (count - done) * size - carry);
            int got;
            try {
                got = in.read(buf, carry, want);
            } catch (java.util.zip.ZipException | EOFException e) {
                throw new InputFormatException(file + ": byte " + (offset + (long) done * size) + ": compressed "
                        + "data is damaged (" + e.getMessage() + ")");
            }
            if (got < 0) {
                throw new InputFormatException(file + ": byte " + (offset + (long) done * size + carry)
                        + ": expected " + count + " values (" + (long) count * size + " bytes) after the header, "
                        + "the file ends after " + done + " values");
            }
            int have = carry + got;
            int whole = have / size;
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
