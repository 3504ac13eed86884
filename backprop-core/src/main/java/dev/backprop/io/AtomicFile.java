package dev.backprop.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files written whole or not at all: the content goes to a temporary file {@code .NAME.PID.HEX.tmp}
 * in the target's directory, which is forced to disk ({@code FileChannel.force(true)}), given the
 * POSIX permissions of the file it replaces, and moved over the target with {@code ATOMIC_MOVE};
 * then the directory is forced where the platform allows it. On failure the temporary file is
 * deleted and an existing target is left as it was. A process killed midway leaves its temporary
 * file; the writer's PID in its name lets the next commit to the same target remove it, and never
 * the file of a writer still alive. Model files, checkpoints and the command line's outputs are
 * all written this way.
 */
public final class AtomicFile {
    private static final long PID = ProcessHandle.current().pid();

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
        try (Pending p = open(file)) {
            body.write(p.channel());
            p.commit();
        }
    }

    /**
     * Starts writing {@code file}: creates its temporary file, open for writing, to be moved over
     * the target by {@link Pending#commit()}. Several files can so be written first and moved
     * together once all are written.
     *
     * @param file the target
     * @return the pending file; closing it uncommitted deletes the temporary file
     * @throws IOException if the temporary file cannot be created
     */
    public static Pending open(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = createTemp(target.getParent(), target.getFileName().toString());
        try {
            return new Pending(target, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A file written to its temporary file and not yet moved over its target. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private FileChannel ch;
        private boolean moved;

        private Pending(Path target, Path tmp, FileChannel ch) {
            this.target = target;
            this.tmp = tmp;
            this.ch = ch;
        }

        /** @return the temporary file, open for writing (a caller may close it before committing) */
        public FileChannel channel() {
            return ch;
        }

        /** @return the temporary file, to read back what was written before it is committed */
        public Path written() {
            return tmp;
        }

        /**
         * Forces the temporary file to disk and moves it over the target.
         *
         * @throws IOException if forcing or moving fails (the target is then unchanged)
         */
        public void commit() throws IOException {
            if (!ch.isOpen()) {
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
            }
            ch.force(true);
            ch.close();
            keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(target.getParent());
            removeStaleTemps(target);
        }

        /** Deletes the temporary file unless it was committed; best effort. */
        @Override
        public void close() {
            if (moved) {
                return;
            }
            try {
                ch.close();
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the failure that left it uncommitted matters more
            }
        }
    }

    /**
     * Deletes the temporary files that {@link #write} left beside {@code file} when a process was
     * killed in the middle of a write: those whose writer's PID is no longer alive, and those
     * named without a PID; best effort. Every commit calls it for its target.
     *
     * @param file the target whose leftovers to remove
     */
    public static void removeStaleTemps(Path file) {
        Path target = file.toAbsolutePath();
        String name = Pattern.quote(target.getFileName().toString());
        Pattern withPid = Pattern.compile("\\." + name + "\\.([0-9]{1,19})\\.[0-9a-f]{1,16}\\.tmp");
        Pattern withoutPid = Pattern.compile("\\." + name + "\\.[0-9a-f]{1,16}\\.tmp");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(target.getParent())) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                Matcher m = withPid.matcher(n);
                if (m.matches() ? !alive(m.group(1)) : withoutPid.matcher(n).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // leftovers are harmless: they are never read
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Gives the temporary file the POSIX permissions of the file it replaces (a read-only 0444 or
     * a private 0600 model stays so); a new file keeps the umask's, and a platform without POSIX
     * permissions its own.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.isRegularFile(target)
                || !Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(target);
        } catch (NoSuchFileException e) {
            return;                                            // removed meanwhile: nothing to keep
        }
        Files.setPosixFilePermissions(tmp, p);
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
            Path tmp = dir.resolve("." + name + "." + PID + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
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
