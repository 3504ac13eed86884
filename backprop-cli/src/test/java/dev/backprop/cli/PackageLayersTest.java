package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line's packages form layers, each naming only those below it, so that there is no
 * package cycle: the root (Main) over the commands, over the server, over the options, over input and the
 * benchmark table, over output. Read from the sources: every import or qualified name of a
 * dev.backprop.cli package.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/backprop/cli");
    private static final Pattern NAMED = Pattern.compile("\\bdev\\.backprop\\.cli(\\.[a-z]+)?\\.[A-Z*]");

    /** Layer of each package, highest first; a package may name those of a lower layer only. */
    private static final Map<String, Integer> LAYERS = Map.of(
            "", 5, "commands", 4, "serve", 3, "options", 2, "input", 1, "bench", 1, "output", 0);

    @Test
    void eachPackageNamesOnlyLowerLayers() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(SOURCES)) {
            files = s.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String from = packageOf(f);
            for (String to : namedPackages(Files.readString(f))) {
                if (!to.equals(from) && !(LAYERS.get(to) < LAYERS.get(from))) {
                    wrong.add(SOURCES.relativize(f) + " names dev.backprop.cli" + (to.isEmpty() ? "" : "." + to));
                }
            }
        }
        assertEquals(List.of(), wrong, "a package names one of its own layer or above");
        assertTrue(files.size() > 30, "read " + files.size() + " files");
    }

    @Test
    void theBenchmarkTableNamesNoOtherPackageOfTheCommandLine() throws IOException {
        // backprop-bench takes the table without picocli and the rest: it must stand on the core alone.
        try (Stream<Path> s = Files.list(SOURCES.resolve("bench"))) {
            for (Path f : s.toList()) {
                List<String> others = namedPackages(Files.readString(f)).stream().filter(p -> !p.equals("bench"))
                        .toList();
                assertEquals(List.of(), others, f + " names other packages of the command line");
            }
        }
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file).getParent();
        String p = dir == null ? "" : dir.toString().replace('/', '.');
        if (!LAYERS.containsKey(p)) {
            throw new AssertionError(file + ": package " + p + " has no layer in this test; give it one");
        }
        return p;
    }

    private static List<String> namedPackages(String source) {
        List<String> named = new ArrayList<>();
        Matcher m = NAMED.matcher(source.replaceFirst("(?m)^package [^;]+;", ""));
        while (m.find()) {
            String p = m.group(1) == null ? "" : m.group(1).substring(1);
            if (!LAYERS.containsKey(p)) {
                throw new AssertionError("dev.backprop.cli." + p + " has no layer in this test; give it one");
            }
            named.add(p);
        }
        return named;
    }
}
