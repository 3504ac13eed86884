package dev.backprop.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Data that may be gzip-compressed, told by its first two bytes (the gzip magic 1f 8b), never by
 * its name: the one place that sniffs and decompresses, for the IDX and CSV readers and, through
 * {@link Idx#isIdx}, the command line's loader.
 *
 * <p>The decompressor is written here rather than taken from {@code java.util.zip.GZIPInputStream}
 * because that class silently ignores bytes after the last member and cannot bound how far a
 * small file expands: here bytes after the last member are refused, and the expansion is capped
 * by {@link InputLimits#maxGzipRatio}. Its damage messages are those of {@code GZIPInputStream}
 * ("Corrupt GZIP trailer", "Unexpected end of ZLIB input stream", the inflater's own), thrown as
 * {@link ZipException} or {@link EOFException} for the readers to place in the file.
 */
final class Gzip {
    /** Buffer size for the raw file, the compressed input and the decompressed output. */
    static final int BUFFER = 1 << 16;
    /** Compressed bytes read at a time to sniff the first content bytes: few, so damage beyond stays unread. */
    private static final int SNIFF_BUFFER = 512;
    /** How far sniffing may read ahead of the stream's start before it is reset. */
    private static final int SNIFF_LIMIT = 1 << 20;

    private Gzip() {
    }

    /**
     * Opens a file for reading, decompressing it when it starts with the gzip magic bytes 1f 8b.
     *
     * @param file the file
     * @return a buffered stream of its (decompressed) bytes
     * @throws InputFormatException if the gzip header is damaged
     * @throws NoSuchFileException "FILE: no such file" if there is none
     * @throws IOException if the file cannot be opened
     */
    static InputStream open(Path file) throws IOException {
        return open(raw(file), file.toString(), InputLimits.DEFAULT_MAX_GZIP_RATIO);
    }

    /**
     * The (decompressed) content of a stream, decompressed when it starts with the gzip magic.
     *
     * @param in the stream's raw bytes, read from where it is; closed when the result is closed
     * @param name the file's name for messages
     * @param maxRatio the largest expansion allowed, see {@link InputLimits#maxGzipRatio}
     * @return a buffered stream of its content, supporting mark and reset
     * @throws InputFormatException if the gzip header is damaged or cut short
     * @throws IOException if the stream cannot be read
     */
    static InputStream open(InputStream in, String name, long maxRatio) throws IOException {
        InputStream raw = buffered(in);
        if (!gzipped(raw)) {
            return raw;
        }
        try {
            return new BufferedInputStream(new Inflating(raw, name, maxRatio, BUFFER), BUFFER);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The first bytes of a file's (decompressed) content, decompressing no further than they need,
     * so that damage later in a gzip stream is left for the reader of the whole file to report.
     *
     * @param file the file
     * @param n how many bytes
     * @return at most n bytes: fewer if the content is shorter
     * @throws InputFormatException if the gzip header is damaged
     * @throws java.util.zip.ZipException if the compressed data of those bytes is damaged
     * @throws IOException if the file cannot be read
     */
    static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = raw(file)) {
            return head(in, file.toString(), n);
        }
    }

    /**
     * The first bytes of a stream's (decompressed) content, leaving the stream where it was.
     *
     * @param in the raw bytes; must support mark and reset
     * @param name the file's name for messages
     * @param n how many bytes, a few
     * @return at most n bytes: fewer if the content is shorter
     * @throws InputFormatException if the gzip header is damaged
     * @throws ZipException if the compressed data of those bytes is damaged
     * @throws IOException if the stream cannot be read
     */
    static byte[] head(InputStream in, String name, int n) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("sniffing needs a stream that supports mark and reset");
        }
        in.mark(SNIFF_LIMIT);
        try {
            if (!gzipped(in)) {
                return in.readNBytes(n);
            }
            return new Inflating(in, name, Long.MAX_VALUE, SNIFF_BUFFER).readNBytes(n);
        } finally {
            in.reset();
        }
    }

    /**
     * Whether a file starts with the gzip magic bytes 1f 8b.
     *
     * @throws NoSuchFileException "FILE: no such file" if there is none
     */
    static boolean gzipped(Path file) throws IOException {
        try (InputStream in = raw(file)) {
            return gzipped(in);
        }
    }

    /**
     * Opens a file's raw bytes, buffered.
     *
     * @throws NoSuchFileException "FILE: no such file" if there is none
     */
    static InputStream raw(Path file) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    private static InputStream buffered(InputStream in) {
        return in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
    }

    /** Looks at the first two bytes and leaves the stream where it was. */
    private static boolean gzipped(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * The content of a gzip stream of one or more members (RFC 1952), each checked against its
     * CRC-32 and length, with nothing allowed after the last.
     */
    private static final class Inflating extends InputStream {
        private final InputStream in;
        private final String name;
        private final long maxRatio;
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();
        private final byte[] buf;
        private final byte[] one = new byte[1];
        /** The unread compressed bytes are buf[pos, lim); the inflater's input is that range. */
        private int pos;
        private int lim;
        /** Compressed bytes before buf[0]. */
        private long before;
        private long memberBytes;
        private long total;
        private boolean end;
        /** Whether the inflater's input is buf[pos, lim), so that its remaining count tells pos. */
        private boolean fed;

        /** Reads the first member's header; the caller closes {@code in} if that fails. */
        Inflating(InputStream in, String name, long maxRatio, int buffer) throws IOException {
            this.in = in;
            this.name = name;
            this.maxRatio = maxRatio;
            this.buf = new byte[buffer];
            try {
                header(true);
            } catch (EOFException e) {
                throw new InputFormatException(name + ": byte 0: gzip header is damaged (the file ends after "
                        + consumed() + " bytes, within the header); expected a whole gzip stream");
            } catch (ZipException e) {
                throw new InputFormatException(name + ": byte 0: gzip header is damaged (" + e.getMessage() + ")");
            }
        }

        private long consumed() {
            return before + pos;
        }

        /** The next compressed byte, or −1 at the end of the file. */
        private int next() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        private int byteOf(String where) throws IOException {
            int b = next();
            if (b < 0) {
                throw new EOFException("the file ends within the gzip " + where);
            }
            return b;
        }

        private boolean fill() throws IOException {
            before += lim;
            pos = 0;
            lim = 0;
            fed = false;
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            lim = n;
            return true;
        }

        /** Reads a member header, the magic included when {@code magic}, as GZIPInputStream checks it. */
        private void header(boolean magic) throws IOException {
            if (magic && (byteOf("header") != 0x1f || byteOf("header") != 0x8b)) {
                throw new ZipException("Not in GZIP format");
            }
            if (byteOf("header") != 8) {
                throw new ZipException("Unsupported compression method");
            }
            int flags = byteOf("header");
            for (int i = 0; i < 6; i++) {
                byteOf("header");
            }
            if ((flags & 4) != 0) {
                int n = byteOf("header") | byteOf("header") << 8;
                for (int i = 0; i < n; i++) {
                    byteOf("header");
                }
            }
            for (int field = 8; field <= 16; field <<= 1) {
                if ((flags & field) != 0) {
                    while (byteOf("header") != 0) {
                        // a zero-terminated file name or comment
                    }
                }
            }
            if ((flags & 2) != 0) {
                byteOf("header");
                byteOf("header");
            }
            inflater.reset();
            fed = false;
            crc.reset();
            memberBytes = 0;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!end) {
                int n;
                try {
                    n = inflater.inflate(b, off, len);
                } catch (DataFormatException e) {
                    throw new ZipException(e.getMessage() != null ? e.getMessage() : "Invalid ZLIB data format");
                }
                if (fed) {
                    pos = lim - inflater.getRemaining();
                }
                if (n > 0) {
                    crc.update(b, off, n);
                    memberBytes += n;
                    total += n;
                    checkRatio();
                    return n;
                }
                if (inflater.finished()) {
                    trailer();
                    end = !nextMember();
                } else if (inflater.needsDictionary()) {
                    throw new ZipException("a preset dictionary is not allowed in a gzip stream");
                } else if (inflater.needsInput()) {
                    if (pos == lim && !fill()) {
                        throw new EOFException("Unexpected end of ZLIB input stream");
                    }
                    inflater.setInput(buf, pos, lim - pos);
                    fed = true;
                }
            }
            return -1;
        }

        private void checkRatio() throws InputFormatException {
            if (total > InputLimits.RATIO_FREE_BYTES && total / maxRatio > consumed()) {
                throw new InputFormatException(name + ": gzip content expands to more than " + maxRatio
                        + " times its compressed size (" + total + " bytes from " + consumed()
                        + " compressed bytes); raise --max-gzip-ratio if this is intended");
            }
        }

        private void trailer() throws IOException {
            long sum = 0;
            long size = 0;
            for (int i = 0; i < 4; i++) {
                sum |= (long) byteOf("trailer") << (8 * i);
            }
            for (int i = 0; i < 4; i++) {
                size |= (long) byteOf("trailer") << (8 * i);
            }
            if (sum != crc.getValue() || size != (memberBytes & 0xffffffffL)) {
                throw new ZipException("Corrupt GZIP trailer");
            }
        }

        /** Starts the next member, or returns false at the end of the file; refuses other bytes. */
        private boolean nextMember() throws IOException {
            long at = consumed();
            int b0 = next();
            if (b0 < 0) {
                return false;
            }
            if (b0 != 0x1f || next() != 0x8b) {
                throw new InputFormatException(name + ": byte " + at + " of the compressed file: expected the end "
                        + "of the file after the gzip stream, found more bytes (not another gzip member)");
            }
            header(false);
            return true;
        }

        /**
         * 1 until the deflate data of the current member ends, as for {@code InflaterInputStream}:
         * a buffered reader then keeps filling its buffer, so that damage within its first block
         * surfaces on that first read.
         */
        @Override
        public int available() {
            return end || inflater.finished() ? 0 : 1;
        }

        @Override
        public void close() throws IOException {
            inflater.end();
            in.close();
        }
    }
}
