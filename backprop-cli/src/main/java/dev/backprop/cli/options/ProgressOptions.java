package dev.backprop.cli.options;

import dev.backprop.cli.output.PendingFiles;
import dev.backprop.cli.output.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --quiet}, {@code --log-json} and {@code --progress}: how a command reports while it works. */
public final class ProgressOptions {
    /** When to draw the progress bar. */
    public enum When {
        /** When stderr is a terminal. */
        AUTO,
        /** Always (a carriage return redraws the line). */
        ALWAYS,
        /** Never. */
        NEVER
    }

    @Option(names = {"--quiet", "-q"}, description = "Print nothing but errors and warnings.")
    boolean quiet;

    @Option(names = "--log-json", paramLabel = "FILE", description = "Write one JSON object per line (start, every "
            + "epoch, end) to FILE, which replaces an old one when the command succeeds, or to stdout as it runs "
            + "with '-'.")
    Path logJson;

    @Option(names = "--progress", paramLabel = "auto|always|never", description = "The progress bar on stderr. "
            + "Default: ${DEFAULT-VALUE} (when stderr is a terminal).")
    When progress = When.AUTO;

    /**
     * Whether the process talks to a terminal. {@code System.console()} alone says so on JDK 17; from
     * JDK 22 it returns a console even when output is redirected, and {@code Console.isTerminal()}
     * (looked up by reflection, as the code is compiled for 17) tells.
     *
     * @return true on a terminal
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /**
     * @param when the {@code --progress} setting
     * @return whether to draw the bar: always, or when stderr is a terminal
     */
    public static boolean drawsBar(When when) {
        return when == When.ALWAYS || (when == When.AUTO && interactive());
    }

    /** @return the file {@code --log-json} names, or null for none or standard output ({@code -}) */
    public Path logFile() {
        return logJson == null || logJson.toString().equals("-") ? null : logJson;
    }

    /**
     * @param out standard output
     * @param err standard error
     * @param files the command's outputs, to which a log file is added
     * @return a reporter for these options
     * @throws IOException if the JSON log cannot be opened
     */
    public Reporter reporter(PrintWriter out, PrintWriter err, PendingFiles files) throws IOException {
        boolean bar = !quiet && drawsBar(progress);
        return new Reporter(out, err, quiet, bar, logJson, files);
    }
}
