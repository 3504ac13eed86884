package dev.backprop.math.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run one task split into parts, the caller taking part 0.
 * Handing out a task allocates nothing: workers wait on a generation counter (spinning briefly,
 * then parking), so the pool can be used inside a training step.
 */
public final class WorkerPool {

    /** A task split into parts; part p of n is run by one thread. */
    public interface Task {
        /**
         * @param part this thread's part, 0..parts−1
         * @param parts number of parts
         */
        void run(int part, int parts);
    }

    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int generation;
    private volatile Task task;
    private volatile int parts;
    private volatile Throwable failure;

    /**
     * @param threads total threads including the caller, ≥ 1
     */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            final int part = w + 1;
            Thread t = new Thread(() -> loop(part), "backprop-kernel-" + part);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    /** @return threads including the caller */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code t} in {@code n} parts (n ≤ threads) and returns when all are done. Not re-entrant:
     * one caller at a time.
     *
     * @param t the task
     * @param n the number of parts
     */
    public synchronized void run(Task t, int n) {
        if (n <= 1) {
            t.run(0, 1);
            return;
        }
        task = t;
        parts = n;
        failure = null;
        remaining.set(n - 1);
        generation++;
        for (int w = 0; w < n - 1; w++) {
            LockSupport.unpark(workers[w]);
        }
        t.run(0, n);
        int spins = 0;
        while (remaining.get() != 0) {
            if (++spins > SPINS || (spins & 255) == 0) {
                Thread.yield();             // let the JIT's compiler threads run on a small machine
            } else {
                Thread.onSpinWait();
            }
        }
        task = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            throw new IllegalStateException(f);
        }
    }

    /**
     * Splits [0, total) into {@code parts} contiguous ranges whose boundaries are multiples of
     * {@code grain}: the start of part p.
     *
     * @param total the length of the range
     * @param part the part, 0..parts−1
     * @param parts the number of parts
     * @param grain the multiple that boundaries fall on
     * @return the first index of the part
     */
    public static int from(int total, int part, int parts, int grain) {
        int units = (total + grain - 1) / grain;
        int per = units / parts;
        int extra = units % parts;
        return Math.min(total, (part * per + Math.min(part, extra)) * grain);
    }

    /**
     * The end of part p; see {@link #from}.
     *
     * @param total the length of the range
     * @param part the part, 0..parts−1
     * @param parts the number of parts
     * @param grain the multiple that boundaries fall on
     * @return the end of the part, exclusive
     */
    public static int to(int total, int part, int parts, int grain) {
        return part + 1 == parts ? total : from(total, part + 1, parts, grain);
    }

    private void loop(int part) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (++spins > SPINS) {
                    LockSupport.park(this);
                } else if ((spins & 255) == 0) {
                    Thread.yield();         // let the JIT's compiler threads run on a small machine
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = generation;
            Task t = task;
            if (t != null && part < parts) {
                try {
                    t.run(part, parts);
                } catch (Throwable e) {
                    failure = e;
                }
                remaining.decrementAndGet();
            }
        }
    }
}
