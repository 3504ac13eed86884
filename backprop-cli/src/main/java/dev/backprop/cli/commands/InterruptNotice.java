package dev.backprop.cli.commands;

import dev.backprop.train.Checkpoint;
import dev.backprop.train.CheckpointStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What a {@code train} run stopped by a signal (Ctrl-C, {@code kill}) says on its way out: the JVM
 * runs no finally block then but runs its shutdown hooks, and this hook prints one line saying that
 * no output was written (the pending files' own hook deletes them) and which checkpoint continues
 * the run. It passes the run's checkpoints on to the real store and remembers the last one saved;
 * closing it at the end of a run, finished or failed, takes the hook away.
 */
final class InterruptNotice implements AutoCloseable {
    private final PrintWriter err;
    private final Thread hook = new Thread(this::say, "backprop-interrupt-notice");
    private volatile Path lastFile;
    private volatile String lastWhere;
    private volatile boolean committing;
    private boolean stopping;

    /**
     * @param err standard error
     * @param resumed the checkpoint resumed from, or null: it continues the run until a newer one is saved
     * @param resumeFile its file, or null
     */
    InterruptNotice(PrintWriter err, Checkpoint resumed, Path resumeFile) {
        this.err = err;
        if (resumed != null) {
            saved(resumeFile, resumed);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @param file the checkpoint file
     * @param store writes it
     * @return the store, remembering what it saved last
     */
    CheckpointStore watching(Path file, CheckpointStore store) {
        return new CheckpointStore() {
            @Override
            public void save(Checkpoint checkpoint) throws IOException {
                synchronized (InterruptNotice.this) {
                    if (stopping) {
                        return;                            // the notice has named the last one: it stays the last
                    }
                    store.save(checkpoint);
                    saved(file, checkpoint);
                }
            }

            @Override
            public String name() {
                return store.name();
            }
        };
    }

    private void saved(Path file, Checkpoint c) {
        Checkpoint.Progress p = c.progress();
        lastWhere = p.epochFinished() ? "after epoch " + (p.epoch() + 1)
                : "epoch " + (p.epoch() + 1) + ", after batch " + p.batch();
        lastFile = file;
    }

    /** The outputs are being moved into place: an interruption now may leave some of them moved. */
    void committing() {
        committing = true;
    }

    /**
     * Prints the notice. Training goes on while the JVM runs its hooks, so this waits for a
     * checkpoint being saved and lets none be saved after it: the one it names stays the last.
     */
    private synchronized void say() {
        stopping = true;
        String written = committing ? "interrupted while moving the outputs into place, some may be written"
                : "interrupted: no output written";
        String ckpt = lastFile == null
                ? "; no checkpoint was written (give --checkpoint-every STEPS to keep one)"
                : "; the last checkpoint is " + lastFile + " (" + lastWhere + "); continue with --resume " + lastFile;
        try {
            err.println("backprop train: " + written + ckpt);
            err.flush();
        } catch (RuntimeException e) {
            // standard error is gone: the exit code 130 says it was interrupted
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs
        }
    }
}
