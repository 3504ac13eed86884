package dev.backprop.cli.output;

import dev.backprop.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's output files, each written to a temporary file beside it and all moved over their
 * targets together by {@link #commit()} once every one is written, so that a step that fails late
 * (a full disk while drawing a plot) leaves every earlier output as it was. Closing without a
 * commit deletes the temporary files, and so does a shutdown hook while files are pending, as the
 * JVM runs no finally block when it is stopped by a signal (Ctrl-C, {@code kill}) but runs its
 * hooks. A device or a named pipe given as an output is written in place, since a file renamed
 * over it would replace it. A write that fails names the file it was for.
 */
public final class PendingFiles implements AutoCloseable {
    private final List<Entry> files = new ArrayList<>();
    private final Thread cleanup = new Thread(this::close, "backprop-pending-files");
    private boolean hooked;

    /** One output: its target, as named, and its temporary file. */
    private record Entry(Path target, AtomicFile.Pending pending) {
    }

    /** Starts with no files. */
    public PendingFiles() {
    }

    /**
     * Writes one output to its temporary file.
     *
     * @param file the target
     * @param content what to write
     * @return the temporary file, to read back what was written (a hash) before the commit
     * @throws IOException naming {@code file} if writing fails
     */
    public Path write(Path file, OutputFiles.Content content) throws IOException {
        if (OutputFiles.writtenInPlace(file)) {
            try {
                OutputFiles.writeAtomically(file, content);
            } catch (IOException e) {
                throw failed(file, e);
            }
            return file;
        }
        AtomicFile.Pending p = start(file);
        try {
            OutputStream buf = new BufferedOutputStream(Channels.newOutputStream(p.channel()), 1 << 16);
            content.write(buf);
            buf.flush();
        } catch (IOException e) {
            throw failed(file, e);
        }
        return p.written();
    }

    /**
     * Opens an output written while the command runs (the JSON log); it is moved over its target
     * at the commit like the others.
     *
     * @param file the target
     * @return the stream to its temporary file; closing it is the caller's
     * @throws IOException naming {@code file} if the temporary file cannot be created
     */
    public OutputStream open(Path file) throws IOException {
        if (OutputFiles.writtenInPlace(file)) {
            return Files.newOutputStream(file, StandardOpenOption.WRITE);
        }
        return Channels.newOutputStream(start(file).channel());
    }

    private synchronized AtomicFile.Pending start(Path file) throws IOException {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(cleanup);
            hooked = true;
        }
        try {
            AtomicFile.Pending p = AtomicFile.open(file);
            files.add(new Entry(file, p));
            return p;
        } catch (IOException e) {
            throw failed(file, e);
        }
    }

    /**
     * Moves every file written over its target, in the order they were started.
     *
     * @throws IOException naming the file if forcing or moving one fails
     */
    public synchronized void commit() throws IOException {
        for (Entry f : files) {
            try {
                f.pending().commit();
            } catch (IOException e) {
                throw failed(f.target(), e);
            }
        }
    }

    private static IOException failed(Path file, IOException e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new IOException("writing " + file + ": " + m, e);
    }

    /** Deletes the temporary files of those not committed. */
    @Override
    public synchronized void close() {
        for (Entry f : files) {
            f.pending().close();
        }
        if (hooked && Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway and finds nothing left to delete
            }
            hooked = false;
        }
    }
}
