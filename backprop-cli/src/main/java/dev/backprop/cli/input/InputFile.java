package dev.backprop.cli.input;

import dev.backprop.cli.output.CliException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A data input opened once and read once from start to end: a file, a FIFO, a process
 * substitution, or standard input for {@code -}. Sniffing its kind, parsing it and hashing it for
 * the run record all use these same bytes, because a pipe cannot be opened or read twice.
 */
final class InputFile implements Closeable {
    /** The name standard input goes by in messages. */
    static final Path STANDARD_INPUT = Path.of("standard input");

    private final Path given;
    private final long length;
    private final MessageDigest digest;
    private final Counting counting;
    private final InputStream in;

    private InputFile(Path given, long length, InputStream raw) {
        this.given = given;
        this.length = length;
        this.digest = sha256();
        this.counting = new Counting(new DigestInputStream(raw, digest));
        this.in = new BufferedInputStream(counting, 1 << 16);
    }

    /**
     * Opens a data input.
     *
     * @param file the path as given, {@code -} for standard input
     * @return the input, not yet read
     * @throws NoSuchFileException if there is no such file
     * @throws CliException for a directory
     * @throws IOException if it cannot be opened
     */
    static InputFile open(Path file) throws IOException {
        if (isStandardInput(file)) {
            return new InputFile(file, -1, new FilterInputStream(System.in) {
                @Override
                public void close() {
                    // standard input stays open for the process; only this reading of it ends
                }
            });
        }
        if (Files.isDirectory(file)) {
            throw CliException.badInput(file + ": is a directory; expected a CSV or IDX file");
        }
        try {
            long length = Files.isRegularFile(file) ? Files.size(file) : -1;
            return new InputFile(file, length, Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString());
        }
    }

    /**
     * @param file a path as given
     * @return whether it is {@code -}, standard input
     */
    static boolean isStandardInput(Path file) {
        return file != null && file.toString().equals("-");
    }

    /** @return the path as given */
    Path given() {
        return given;
    }

    /** @return the name for messages: the path as given, or {@link #STANDARD_INPUT} */
    Path name() {
        return isStandardInput(given) ? STANDARD_INPUT : given;
    }

    /**
     * @return the length of a regular file as it was opened, or −1 for a pipe, a device or
     *     standard input; lets a reader size its arrays once
     */
    long length() {
        return length;
    }

    /** @return the bytes, buffered (mark and reset work, for sniffing) */
    InputStream stream() {
        return in;
    }

    /** @return what was read: the path as given, the bytes read and their SHA-256; call once, at the end */
    LoadedData.Read read() {
        return new LoadedData.Read(given, counting.count, HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Counts the bytes read through it. Says nothing is available without blocking: a file
     * channel's stream asks its position for that, which fails on a FIFO ("Illegal seek").
     */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
