package dev.backprop.cli.commands;

import dev.backprop.cli.output.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The lock a {@code train} run holds on its model file for the whole run, so that two runs on one
 * {@code --out} cannot leave the model of one and the run record of the other: the file
 * {@code NAME.lock} beside it, holding the PID of the run, locked with {@link FileChannel#tryLock()}.
 * A second run refuses at once naming the lock file and that PID. The OS drops the lock with its
 * process, so a lock file left by a killed run blocks nothing; a run deletes its lock file when it
 * ends, also when stopped by a signal (a shutdown hook).
 *
 * <p>A run that finds the file deleted between opening and locking it (the holder ended meanwhile)
 * locked a file no longer at that path: it compares the file's identity before and after locking
 * to tell, and tries again. The holder's PID is read only by a run that does not hold the lock,
 * since closing a second descriptor of a locked file drops the lock.
 */
final class RunLock implements AutoCloseable {
    private static final long PID = ProcessHandle.current().pid();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread cleanup = new Thread(this::release, "backprop-run-lock");

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Takes the lock of a model file.
     *
     * @param file the lock file
     * @param option what it guards, for the message ({@code --out m.safetensors})
     * @return the lock, to close when the run ends
     * @throws CliException exit 1 naming the lock file and its holder when another run holds it
     * @throws IOException if the lock file cannot be created or written
     */
    static RunLock take(Path file, String option) throws IOException {
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Object opened = fileKey(file);
            FileLock l;
            String holder;
            try {
                l = ch.tryLock();
                holder = l == null ? holder(file) : "";
            } catch (OverlappingFileLockException e) {
                l = null;
                holder = " in this process";
            } catch (IOException e) {
                ch.close();
                throw new IOException("locking " + file + ": " + e.getMessage(), e);
            }
            if (l == null) {
                ch.close();
                throw new CliException(CliException.FAILURE, option + " is being written by another train run"
                        + holder + ", which holds " + file + " until it ends");
            }
            if (opened != null && opened.equals(fileKey(file)) || attempt >= 10) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((PID + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                return new RunLock(file, ch, l);
            }
            ch.close();                                        // the file was deleted under us: again
        }
    }

    /**
     * The identity of the file at a path, read without opening it: closing any other descriptor
     * of a locked file would drop this process's POSIX lock on it.
     */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** The PID the lock file holds, as " (PID N)", or empty when it holds none. */
    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return s.matches("[0-9]{1,19}") ? " (PID " + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Deletes the lock file, then releases the lock; best effort, as the OS releases it at exit anyway. */
    private synchronized void release() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock dies with the process; a lock file left behind blocks no later run
        }
    }

    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs and finds the lock released
        }
    }
}
