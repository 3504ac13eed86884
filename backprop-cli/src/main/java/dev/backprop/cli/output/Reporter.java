package dev.backprop.cli.output;

import dev.backprop.data.Printable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a command's messages go: human lines to stdout (to stderr when the JSON log takes stdout),
 * warnings and the progress bar to stderr, JSON lines to the {@code --log-json} target.
 */
public final class Reporter implements AutoCloseable {
    private final PrintWriter human;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean bar;
    private final PrintWriter json;
    private final boolean ownsJson;

    /**
     * @param out standard output
     * @param err standard error
     * @param quiet whether to print nothing but errors and warnings
     * @param bar whether to draw the progress bar on stderr
     * @param logJson where the JSON lines go: a file, "-" for stdout, or null for none
     * @param files the command's outputs, where a log file is written until it replaces {@code logJson}
     *     at their commit (an existing log is kept when the command fails)
     * @throws IOException if the JSON log cannot be opened
     */
    public Reporter(PrintWriter out, PrintWriter err, boolean quiet, boolean bar, Path logJson, PendingFiles files)
            throws IOException {
        this.err = err;
        this.quiet = quiet;
        this.bar = bar;
        if (logJson == null) {
            json = null;
            ownsJson = false;
            human = out;
        } else if (OutputFiles.isStandardOutput(logJson)) {
            json = out;
            ownsJson = false;
            human = err;
        } else {
            OutputFiles.checkWritable(logJson, "--log-json");
            json = new PrintWriter(new CheckedWriter(new BufferedWriter(new OutputStreamWriter(files.open(logJson),
                    StandardCharsets.UTF_8)), "--log-json " + logJson), true);
            ownsJson = true;
            human = out;
        }
    }

    /**
     * @param line a progress message (suppressed by --quiet); the file names it holds are shown
     *     with control characters escaped
     */
    public void info(String line) {
        if (!quiet) {
            human.println(Printable.escape(line));
            human.flush();
        }
    }

    /** @param line a result (suppressed by --quiet) */
    public void result(String line) {
        info(line);
    }

    /** @param line a warning: always shown, on stderr, as one line ({@link Printable#line}) */
    public void warn(String line) {
        err.println("warning: " + Printable.line(line));
        err.flush();
    }

    /**
     * Writes one JSON line.
     *
     * @param event the event name
     * @param fields its fields
     */
    public void event(String event, Map<String, Object> fields) {
        if (json == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.putAll(fields);
        json.println(JsonOut.write(m));
        json.flush();
    }

    /**
     * @param epochs planned epochs
     * @param classification whether to show accuracies
     * @return a training listener that reports through this reporter
     */
    public Progress training(int epochs, boolean classification) {
        return new Progress(this, epochs, classification);
    }

    boolean showsBar() {
        return bar;
    }

    PrintWriter barStream() {
        return err;
    }

    @Override
    public void close() {
        if (ownsJson) {
            json.close();
        }
    }
}
