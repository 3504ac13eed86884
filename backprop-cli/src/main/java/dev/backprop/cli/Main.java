package dev.backprop.cli;

import dev.backprop.cli.commands.BenchCommand;
import dev.backprop.cli.commands.CompareCommand;
import dev.backprop.cli.commands.DemoCommand;
import dev.backprop.cli.commands.EvaluateCommand;
import dev.backprop.cli.commands.ExplainCommand;
import dev.backprop.cli.commands.ExportCommand;
import dev.backprop.cli.commands.GradcheckCommand;
import dev.backprop.cli.commands.PredictCommand;
import dev.backprop.cli.commands.RootCommand;
import dev.backprop.cli.commands.ServeCommand;
import dev.backprop.cli.commands.TrainCommand;
import dev.backprop.cli.output.CheckedWriter;
import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.Version;
import dev.backprop.data.InputFormatException;
import dev.backprop.data.Printable;
import dev.backprop.train.TrainingException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code backprop} command. Errors are one line on stderr ({@code backprop train: …}) with
 * exit code 2 for bad usage or input and 1 for a failure while running; {@code --debug} adds the
 * stack trace.
 */
@Command(name = "backprop", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Neural networks trained by backpropagation.%n",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            GradcheckCommand.class, ExplainCommand.class, CompareCommand.class, BenchCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"%nRun 'backprop COMMAND --help' for a command's options.",
            "Exit codes: 0 done, 1 failure while running, 2 bad usage or input."})
public final class Main implements Runnable, RootCommand {
    @Spec
    CommandSpec spec;

    /** Shows stack traces; inherited by every subcommand. */
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    /** Creates the top-level command (picocli calls it). */
    public Main() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = standard(FileDescriptor.out, "standard output");
        PrintWriter err = standard(FileDescriptor.err, "standard error");
        int code;
        try {
            code = run(out, err, args);
        } catch (OutOfMemoryError e) {
            code = CliException.FAILURE;
            try {
                err.println("backprop: out of memory (" + CliException.oneLine(e.getMessage()) + "); give the JVM "
                        + "more with BACKPROP_JAVA_OPTS=-Xmx<size>, or use fewer cases or a smaller batch");
            } catch (CliException lost) {
                // standard error is gone too: the exit code is all that is left
            }
        }
        System.exit(code);
    }

    /**
     * Standard output or error in the platform's encoding, as {@code System.out} writes it, but
     * through a {@link CheckedWriter}: {@code System.out} would swallow a failed write.
     */
    private static PrintWriter standard(FileDescriptor fd, String name) {
        Writer w = new OutputStreamWriter(new FileOutputStream(fd), Charset.defaultCharset());
        return new PrintWriter(new CheckedWriter(w, name), true);
    }

    /**
     * Runs the command line in this process, for tests and embedding.
     *
     * @param out standard output
     * @param err standard error
     * @param args the arguments
     * @return the exit code: 0, 1 (failure while running, or a write to {@code out} or {@code err}
     *     that failed) or 2 (bad usage or input)
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code;
        try {
            code = cl.execute(args);
        } catch (CliException e) {
            // a write failed outside a command's own run: an error message itself
            return lostWrite(err, commandName(cl) + ": " + e.getMessage());
        }
        String lost = null;
        try {
            if (out.checkError()) {
                lost = "writing standard output failed";
            }
        } catch (CliException e) {
            lost = e.getMessage();
        }
        if (lost != null && code == 0) {
            return lostWrite(err, commandName(cl) + ": " + lost);
        }
        // a failed command has said why already; a lost write after that changes nothing
        boolean errLost;
        try {
            errLost = err.checkError();
        } catch (CliException e) {
            errLost = true;
        }
        return errLost && code == 0 ? CliException.FAILURE : code;
    }

    /** Reports a failed write on standard error if that still works; exits 1 either way. */
    private static int lostWrite(PrintWriter err, String line) {
        try {
            err.println(Printable.line(line));
            err.flush();
        } catch (CliException alsoLost) {
            // standard error is the output that failed: the exit code is all that is left
        }
        return CliException.FAILURE;
    }

    private static String commandName(CommandLine cl) {
        return commandName(cl.getParseResult());
    }

    private static String commandName(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        if (p == null) {
            return "backprop";
        }
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.commandSpec().qualifiedName();
    }

    @Override
    public CommandLine newCommandLine() {
        return commandLine();
    }

    /** @return the configured picocli command line */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::executionError);
        cl.setExecutionStrategy(Main::execute);
        return cl;
    }

    /**
     * Runs the command, or prints the help or version asked for; a write of that help that fails
     * (a command's own failures reach {@link #executionError}) is one line on stderr and exit 1,
     * not picocli's stack trace.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (CliException e) {
            CommandLine.ParseResult p = parsed;
            while (p.hasSubcommand()) {
                p = p.subcommand();
            }
            return lostWrite(p.commandSpec().commandLine().getErr(), commandName(parsed) + ": " + e.getMessage());
        }
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException) {
            java.util.List<String> s = ((CommandLine.UnmatchedArgumentException) ex).getSuggestions();
            if (!s.isEmpty()) {
                hint = "; did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?";
            }
        }
        err.println(name + ": " + Printable.line(CliException.oneLine(ex.getMessage()) + hint) + " (see '" + name
                + " --help')");
        if (java.util.Arrays.asList(args).contains("--debug")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return CliException.BAD_INPUT;
    }

    private static int executionError(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCode(ex);
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + Printable.line(message(ex)));
        if (wantsDebug(parsed)) {
            ex.printStackTrace(err);
        } else if (code == CliException.FAILURE && !(ex instanceof CliException) && !(ex instanceof TrainingException)
                && !(ex instanceof IOException)) {
            err.println("(an internal error: run again with --debug for the stack trace)");
        }
        err.flush();
        return code;
    }

    /** Bad usage or bad input exits 2; anything else that fails while running exits 1. */
    static int exitCode(Throwable ex) {
        if (ex instanceof CliException) {
            return ((CliException) ex).exitCode();
        }
        if (ex instanceof UncheckedIOException) {
            return exitCode(ex.getCause());
        }
        if (ex instanceof InputFormatException || ex instanceof NoSuchFileException
                || ex instanceof AccessDeniedException || ex instanceof NotDirectoryException
                || ex instanceof FileAlreadyExistsException || ex instanceof IllegalArgumentException) {
            return CliException.BAD_INPUT;
        }
        return CliException.FAILURE;
    }

    /** The message for an error, one line once {@link Printable#line} has escaped what it quotes. */
    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return message(ex.getCause());
        }
        String m = ex.getMessage();
        if (ex instanceof NoSuchFileException) {
            return "file not found: " + m;
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (ex instanceof NotDirectoryException) {
            return "not a directory: " + m;
        }
        if (ex instanceof CliException) {
            // its own messages hold no line break but may quote a file name that does: escaped, not joined
            return m.strip();
        }
        if (ex instanceof InputFormatException || ex instanceof IllegalArgumentException
                || ex instanceof TrainingException) {
            return CliException.oneLine(m);
        }
        if (ex instanceof IOException) {
            return "I/O error: " + CliException.oneLine(m == null ? ex.getClass().getSimpleName() : m);
        }
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + CliException.oneLine(m));
    }

    private static boolean wantsDebug(CommandLine.ParseResult parsed) {
        return parsed != null && parsed.originalArgs().contains("--debug");
    }
}
