package dev.backprop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Data files that may be gzip-compressed, told by their first two bytes (the gzip magic 1f 8b),
 * never by their name: the one place that sniffs, for the IDX and CSV readers and, through
 * {@link Idx#isIdx}, the command line's loader.
 */
final class Gzip {
    /** Buffer size for the raw file, the compressed input and the decompressed output. */
    private static final int BUFFER = 1 << 16;

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
        BufferedInputStream in = raw(file);
        return gzipped(in) ? new BufferedInputStream(gunzip(in, file), BUFFER) : in;
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
        try (BufferedInputStream in = raw(file)) {
            if (!gzipped(in)) {
                return in.readNBytes(n);
            }
            try (InputStream g = gunzip(in, file)) {
                return g.readNBytes(n);
            }
        }
    }

    /**
     * Whether a file starts with the gzip magic bytes 1f 8b.
     *
     * @throws NoSuchFileException "FILE: no such file" if there is none
     */
    static boolean gzipped(Path file) throws IOException {
        try (BufferedInputStream in = raw(file)) {
            return gzipped(in);
        }
    }

    private static BufferedInputStream raw(Path file) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    /** Looks at the first two bytes and leaves the stream where it was. */
    private static boolean gzipped(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** The decompressing stream over a gzip file; closes the file if its header is damaged. */
    private static InputStream gunzip(InputStream in, Path file) throws IOException {
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (IOException e) {
            in.close();
            throw new InputFormatException(file + ": byte 0: gzip header is damaged (" + e.getMessage() + ")");
        }
    }
}
