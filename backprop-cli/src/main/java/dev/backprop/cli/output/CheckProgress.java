package dev.backprop.cli.output;

import dev.backprop.check.GradientCheck;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A gradient check's progress on stderr: parameters differenced of all to difference, and the ETA,
 * redrawn at most five times a second like training's bar, and cleared when the check ends.
 */
public final class CheckProgress implements GradientCheck.Listener {
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long lastDraw = start - Progress.REDRAW_NANOS;

    /** @param err where the bar is drawn */
    public CheckProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void checked(int done, int total) {
        long now = System.nanoTime();
        if (done == total) {
            err.print("\r" + " ".repeat(80) + "\r");
            err.flush();
            return;
        }
        if (now - lastDraw < Progress.REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double sec = (now - start) / 1e9;
        double eta = (total - done) * sec / done;
        int width = 30;
        int filled = (int) ((long) width * done / total);
        err.print(String.format(Locale.ROOT, "\rgradcheck [%s%s] %,d/%,d parameters ETA %s ", "=".repeat(filled),
                " ".repeat(width - filled), done, total, Progress.clock(eta)));
        err.flush();
    }
}
