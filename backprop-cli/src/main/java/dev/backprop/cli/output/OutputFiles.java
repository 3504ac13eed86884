package dev.backprop.cli.output;

import dev.backprop.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.StandardOpenOption;

/**
 * Output files written whole or not at all, through the core's {@link AtomicFile} (a temporary
 * file beside the target, forced to disk, renamed over it), the checks made before any work
 * that an output file can be created and destroys no input, and the names of the files written
 * beside a model.
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
     * Checks before any work that no output is one of the inputs or another output: comparing what the
     * paths name (links followed, {@code ./a.csv} and {@code a.csv} alike, hard links by file
     * identity), since writing an output over an input destroys the input.
     *
     * @param inputs the files read, by the option that named them ({@code --data}); null paths are skipped
     * @param outputs the files written, by the option that named them ({@code --out}) or what they are
     *     ({@code the run record}); null paths are skipped
     */
    public static void checkDistinct(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            if (out.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                // an input '-' is standard input, never the file an output '-' (standard output) names
                if (in.getValue() != null && !in.getValue().toString().equals("-")
                        && sameFile(out.getValue(), in.getValue())) {
                    throw sameFileError(out, in.getKey());
                }
            }
            for (Map.Entry<String, Path> earlier : seen) {
                if (sameFile(out.getValue(), earlier.getValue())) {
                    throw sameFileError(out, earlier.getKey());
                }
            }
            seen.add(out);
        }
    }

    private static CliException sameFileError(Map.Entry<String, Path> out, String other) {
        return CliException.badInput(out.getKey() + " " + out.getValue() + " is also " + other
                + "; give a different file");
    }

    /**
     * Whether two paths name the same file: by file identity when both exist, else by their real
     * folder and name.
     *
     * @param a a path
     * @param b another
     * @return true when writing one would change the other
     */
    public static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // compared by name below
        }
        return canonical(a).equals(canonical(b));
    }

    /** The real path of a file, or of its folder with its name when the file does not exist. */
    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            // not there (yet): resolve its folder
        }
        Path dir = abs.getParent();
        try {
            return dir == null ? abs.normalize() : dir.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs.normalize();
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
        if (writtenInPlace(file)) {
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
     * @param file an output file
     * @return whether it exists and is neither a regular file nor a folder (a device, a named pipe):
     *     such a target is written in place, as a temporary file renamed over it would replace it
     */
    public static boolean writtenInPlace(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
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
