package dev.backprop.cli.output;

import dev.backprop.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

    /** One output: its target, as named, its temporary file, and whether the target was there before. */
    private record Entry(Path target, AtomicFile.Pending pending, boolean existed) {
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
            files.add(new Entry(file, p, Files.exists(file, LinkOption.NOFOLLOW_LINKS)));
            return p;
        } catch (IOException e) {
            throw failed(file, e);
        }
    }

    /**
     * Moves every file written over its target, in the order they were started. If one cannot be
     * moved, those moved before it are put back: each old file is kept as a hard link (named as a
     * temporary file beside it) until all are moved, and a file that was not there before is
     * deleted again; the message names any that could not be put back.
     *
     * @throws IOException naming the file if forcing or moving one fails
     */
    public synchronized void commit() throws IOException {
        List<Path> kept = new ArrayList<>();
        try {
            for (Entry f : files) {
                kept.add(keepOld(f.target()));
            }
            for (int i = 0; i < files.size(); i++) {
                try {
                    files.get(i).pending().commit();
                } catch (IOException e) {
                    throw new IOException(failed(files.get(i).target(), e).getMessage() + putBack(i, kept), e);
                }
            }
        } finally {
            for (Path k : kept) {
                deleteQuietly(k);
            }
        }
    }

    /**
     * A hard link to the file about to be replaced, to put it back if a later move fails; null when
     * there is no such file, or when the file system cannot link (the message then says so).
     */
    private static Path keepOld(Path target) {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path abs = target.toAbsolutePath();
        Path link = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            return Files.createLink(link, abs);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Undoes the moves before the {@code failed}th; says what was put back and what could not be. */
    private String putBack(int failed, List<Path> kept) {
        List<String> back = new ArrayList<>();
        List<String> isNew = new ArrayList<>();
        for (int j = 0; j < failed; j++) {
            Path target = files.get(j).target();
            try {
                if (kept.get(j) != null) {
                    Files.move(kept.get(j), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    back.add("the old " + target + " put back");
                } else if (files.get(j).existed()) {
                    isNew.add(target.toString());
                } else {
                    Files.delete(target);
                    back.add("the new " + target + " removed");
                }
            } catch (IOException e) {
                isNew.add(target.toString());
            }
        }
        String m = back.isEmpty() ? "" : "; undone: " + String.join(", ", back);
        m += isNew.isEmpty() ? "" : "; " + String.join(", ", isNew) + (isNew.size() == 1 ? " is" : " are")
                + " new (the old could not be put back)";
        return m + (files.size() > failed + 1 ? "; the outputs after it were not replaced" : "");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover link is removed by the next write of its file, as any stale temporary file
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
