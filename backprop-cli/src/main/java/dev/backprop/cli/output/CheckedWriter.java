package dev.backprop.cli.output;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that turns the first failure of the stream under it into a {@link CliException} (exit
 * code 1) naming the output, such as "writing standard output failed: No space left on device".
 * A {@link java.io.PrintWriter} would swallow an {@link IOException} and leave a command to exit 0
 * with its output cut short; an unchecked exception passes through the print writer and ends the
 * command at the first lost write. Every later write fails the same way.
 */
public final class CheckedWriter extends Writer {
    private final Writer out;
    private final String name;
    private CliException failure;

    /**
     * @param out the stream to write to
     * @param name the output as the message names it: "standard output", "--out p.csv"
     */
    public CheckedWriter(Writer out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void write(char[] buf, int off, int len) {
        check();
        try {
            out.write(buf, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(String s, int off, int len) {
        check();
        try {
            out.write(s, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        check();
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    private CliException failed(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failure = new CliException(CliException.FAILURE, "writing " + name + " failed: " + CliException.oneLine(why));
        return failure;
    }
}
