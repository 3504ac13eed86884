package dev.backprop.cli.output;

/**
 * A failure the command reports as one line on stderr, with its exit code: {@link #BAD_INPUT} for
 * bad usage or input, {@link #FAILURE} for a failure while running.
 */
public final class CliException extends RuntimeException {
    /** Exit code for bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failure while running. */
    public static final int FAILURE = 1;

    private final int exitCode;

    /**
     * @param exitCode {@link #BAD_INPUT} or {@link #FAILURE}
     * @param message one line naming what was wrong and what was expected
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param message one line naming what was wrong and what was expected
     * @return a bad-input failure (exit code 2)
     */
    public static CliException badInput(String message) {
        return new CliException(BAD_INPUT, message);
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }

    /**
     * A message as one line: surrounding space stripped, each line break with the space around it
     * turned into "; ".
     *
     * @param m a message, or null
     * @return the line, or "(no message)" for null
     */
    public static String oneLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
