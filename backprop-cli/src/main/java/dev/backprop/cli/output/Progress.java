package dev.backprop.cli.output;

import dev.backprop.train.EpochRecord;
import dev.backprop.train.TrainingListener;
import java.util.Locale;

/**
 * Training progress: a bar redrawn at most five times a second (cases done, running loss,
 * samples/s, ETA of the epoch), a summary line per epoch, and a JSON line per epoch.
 */
public final class Progress implements TrainingListener {
    static final long REDRAW_NANOS = 200_000_000L;
    private final Reporter report;
    private final int epochs;
    private final boolean classification;
    private long epochStart;
    private long lastDraw;
    private double lossSum;
    private int currentEpoch = -1;

    Progress(Reporter report, int epochs, boolean classification) {
        this.report = report;
        this.epochs = epochs;
        this.classification = classification;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int casesDone, int casesTotal, double batchError) {
        long now = System.nanoTime();
        if (epoch != currentEpoch) {
            currentEpoch = epoch;
            epochStart = now - 1;
            lossSum = 0;
            lastDraw = now;
        }
        lossSum += batchError;
        if (!report.showsBar() || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double sec = (now - epochStart) / 1e9;
        double rate = casesDone / sec;
        double eta = (casesTotal - casesDone) / Math.max(rate, 1e-9);
        int width = 30;
        int filled = (int) ((long) width * casesDone / casesTotal);
        String line = String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %,.0f samples/s ETA %s ",
                epoch + 1, epochs, "=".repeat(filled), " ".repeat(width - filled), casesDone, casesTotal,
                lossSum / casesDone, rate, clock(eta));
        report.barStream().print(line);
        report.barStream().flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r) {
        if (report.showsBar()) {
            report.barStream().print("\r" + " ".repeat(100) + "\r");
            report.barStream().flush();
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.6f", r.epoch() + 1,
                epochs, r.trainLoss()));
        if (classification) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * r.trainAccuracy()));
        }
        if (!Double.isNaN(r.validationLoss())) {
            sb.append(String.format(Locale.ROOT, " | validation loss %.6f", r.validationLoss()));
            if (classification) {
                sb.append(String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * r.validationAccuracy()));
            }
        }
        sb.append(String.format(Locale.ROOT, " | η %.4g, %.2f s", r.learningRate(), r.seconds()));
        report.info(sb.toString());
        report.event("epoch", RunRecord.epochFields(r));
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
