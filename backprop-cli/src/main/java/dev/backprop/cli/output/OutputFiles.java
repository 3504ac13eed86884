package dev.backprop.cli.output;

import dev.backprop.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Output files written whole or not at all, through the core's {@link AtomicFile} (a temporary
 * file beside the target, forced to disk, renamed over it), the checks made before any work
 * that an output file can be created, and the names of the files written beside a model.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** Writes the content of one output file. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to (buffered by the caller as needed)
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * @param file an output option's value
     * @return whether it is {@code -}, which names standard output, never a file
     */
    public static boolean isStandardOutput(Path file) {
        return file.toString().equals("-");
    }

    /**
     * Checks before any work that an output file can be created: its folder exists and it is not a
     * folder itself; or, for a device or pipe written in place, that it is writable. {@code -} is
     * refused: the options that take it for standard output handle it before this check.
     *
     * @param file the output file
     * @param option the option that named it, for the message
     */
    public static void checkWritable(Path file, String option) {
        if (isStandardOutput(file)) {
            throw CliException.badInput(option + " -: expected a file name; '-' (standard output) is taken only by "
                    + "predict --out and --log-json");
        }
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw CliException.badInput(option + " " + file + ": is a directory; expected a file name");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            if (!Files.isWritable(abs)) {
                throw CliException.badInput(option + " " + file + ": not writable");
            }
            return;
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.badInput(option + " " + file + ": the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw CliException.badInput(option + " " + file + ": the folder " + dir + " is not writable");
        }
    }

    /**
     * Writes a file atomically. A target that exists but is neither a regular file nor a folder (a
     * device such as {@code /dev/null}, a named pipe) is written in place instead: a temporary file
     * renamed over it would replace the device.
     *
     * @param file the target
     * @param content what to write
     * @throws IOException if writing or renaming fails (a regular target is then unchanged)
     */
    public static void writeAtomically(Path file, Content content) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            try (OutputStream os = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                BufferedOutputStream buf = new BufferedOutputStream(os, 1 << 16);
                content.write(buf);
                buf.flush();
            }
            return;
        }
        AtomicFile.write(file, ch -> {
            BufferedOutputStream buf = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            content.write(buf);
            buf.flush();
        });
    }

    /**
     * The file beside a model file that shares its name: the run record, the default checkpoint.
     *
     * @param model the model file
     * @param suffix what replaces its extension, e.g. {@code .ckpt}
     * @return the file beside it
     */
    public static Path sibling(Path model, String suffix) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return model.resolveSibling(base + suffix);
    }
}
