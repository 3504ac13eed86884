package dev.backprop.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Output files written whole or not at all: into a temporary file beside the target, forced to
 * disk, then renamed over it. A failure leaves the target as it was and no temporary file.
 */
final class Files2 {
    private Files2() {
    }

    /** Writes the content of one output file. */
    @FunctionalInterface
    interface Content {
        /**
         * @param out the stream to write to (buffered by the caller as needed)
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Checks before any work that an output file can be created: its folder exists and it is not a
     * folder itself.
     *
     * @param file the output file
     * @param option the option that named it, for the message
     */
    static void checkWritable(Path file, String option) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw CliException.badInput(option + " " + file + ": is a directory; expected a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.badInput(option + " " + file + ": the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw CliException.badInput(option + " " + file + ": the folder " + dir + " is not writable");
        }
    }

    /**
     * Writes a file atomically.
     *
     * @param file the target
     * @param content what to write
     * @throws IOException if writing or renaming fails (the target is then unchanged)
     */
    static void writeAtomically(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream os = Channels.newOutputStream(ch);
                java.io.BufferedOutputStream buf = new java.io.BufferedOutputStream(os, 1 << 16);
                content.write(buf);
                buf.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
