package dev.backprop.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written whole or not at all: the content goes to a temporary file {@code .NAME.HEX.tmp} in
 * the target's directory, which is forced to disk ({@code FileChannel.force(true)}) and moved over
 * the target with {@code ATOMIC_MOVE}; then the directory is forced where the platform allows it.
 * On failure the temporary file is deleted and an existing target is left as it was. Model files,
 * checkpoints and the command line's outputs are all written this way.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param ch the temporary file, open for writing at position 0
         * @throws IOException if writing fails
         */
        void write(FileChannel ch) throws IOException;
    }

    /**
     * Writes {@code file} atomically.
     *
     * @param file the target
     * @param body writes the content
     * @throws IOException if writing or moving fails (the target is then unchanged)
     */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = createTemp(dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more
                }
            }
        }
    }

    /**
     * Deletes the temporary files that {@link #write} left beside {@code file} when a process was
     * killed in the middle of a write; best effort.
     *
     * @param file the target whose leftovers to remove
     */
    public static void removeStaleTemps(Path file) {
        Path target = file.toAbsolutePath();
        java.util.regex.Pattern temp = java.util.regex.Pattern.compile("\\." + java.util.regex.Pattern.quote(
                target.getFileName().toString()) + "\\.[0-9a-f]{1,16}\\.tmp");
        try (java.nio.file.DirectoryStream<Path> dir = Files.newDirectoryStream(target.getParent())) {
            for (Path p : dir) {
                if (temp.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // leftovers are harmless: they are never read
        }
    }

    /**
     * Writes all of a buffer.
     *
     * @param ch the channel: a file, or a stream seen as a channel
     * @param b the bytes from its position to its limit
     * @throws IOException if writing fails
     */
    public static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Forces the directory entry of the moved file to disk where the platform allows it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported on every platform (Windows); the file itself is already forced
        }
    }
}
