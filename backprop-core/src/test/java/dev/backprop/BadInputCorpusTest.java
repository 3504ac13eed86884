package dev.backprop;

import dev.backprop.data.ClassNames;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.CsvReader;
import dev.backprop.data.Idx;
import dev.backprop.data.InputFormatException;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input corpus in {@code src/test/resources/dev/backprop/bad/}: each file listed in its
 * README is read as the README says and must be refused with exactly the README's message
 * ({@code {dir}} standing for the folder), one line, without allocating more than a few megabytes
 * (so a huge declared size is never allocated). Every file in the folder must be listed.
 */
class BadInputCorpusTest {
    /** Reading any corpus file may allocate at most this much: the readers' buffers, not a declared size. */
    static final long MAX_ALLOCATED = 16L << 20;

    static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| `([^`]*)` \\|.*$");

    record Entry(String file, String readAs, String message) {
    }

    static Path dir() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/dev/backprop/bad/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("README.md"), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.add(new Entry(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFileIsRefusedWithItsMessage() throws IOException {
        Path dir = dir();
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.file() + " as " + e.readAs(), () -> {
            String want = e.message().replace("{dir}", dir.toString());
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            InputFormatException ex = assertThrows(InputFormatException.class, () -> read(dir, e));
            long allocated = mx.getThreadAllocatedBytes(id) - before;
            assertEquals(want, ex.getMessage());
            FuzzFiles.assertOneLineNaming(dir.resolve(e.file()), ex);
            assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated + " bytes reading " + e.file());
        }));
    }

    @Test
    void everyFileInTheFolderIsListed() throws IOException {
        TreeSet<String> listed = entries().stream().map(Entry::file).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> present;
        try (Stream<Path> s = Files.list(dir())) {
            present = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md") && !n.equals("make-corpus.py") && !n.startsWith("valid-")
                            && !n.equals("images-3x2.idx"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed);
        assertTrue(listed.size() >= 60, "corpus of " + listed.size());
    }

    @Test
    void theGeneratorWritesValidFilesWhenNothingIsBroken() throws IOException {
        Model m = ModelFile.load(dir().resolve("valid-2-2-1.safetensors"));
        assertEquals(9, m.network().parameters().length);
        assertEquals(0.25f, m.network().parameters()[0]);
        Idx.Array images = Idx.read(dir().resolve("images-3x2.idx"));
        assertEquals(List.of(3, 2), Arrays.stream(images.dims()).boxed().toList());
    }

    /** Reads a corpus file as its README row says: a reader name, then options as name=value. */
    static void read(Path dir, Entry e) throws IOException {
        String[] words = e.readAs().split(" ");
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            opt.put(eq < 0 ? words[i] : words[i].substring(0, eq), eq < 0 ? "" : words[i].substring(eq + 1));
        }
        Path file = dir.resolve(e.file());
        switch (words[0]) {
            case "csv" -> CsvReader.read(file, format(opt));
            case "csv-predict" -> {
                ClassNames classes = opt.containsKey("classes")
                        ? ClassNames.of(List.of(opt.get("classes").split(","))) : null;
                if (opt.containsKey("features")) {
                    CsvReader.readInputs(file, format(opt), List.of(opt.get("features").split(",")), classes);
                } else {
                    CsvReader.readInputs(file, format(opt), Integer.parseInt(opt.get("width")), classes);
                }
            }
            case "idx" -> Idx.read(file);
            case "idx-classification" -> Idx.classification(dir.resolve(opt.get("images")),
                    dir.resolve(opt.get("labels")), Integer.parseInt(opt.get("classes")), 1f);
            case "model" -> ModelFile.load(file);
            default -> throw new IllegalArgumentException("unknown reader in README: " + e.readAs());
        }
    }

    static CsvFormat format(Map<String, String> opt) {
        CsvFormat f = CsvFormat.defaults();
        if (opt.containsKey("labels")) {
            f = f.withLabels(opt.get("labels").split(","));
        }
        if (opt.containsKey("index")) {
            f = f.withLabels(Arrays.stream(opt.get("index").split(",")).mapToInt(Integer::parseInt).toArray());
        }
        if (opt.containsKey("skip")) {
            f = f.withSkipLines(Integer.parseInt(opt.get("skip")));
        }
        if (opt.containsKey("header")) {
            f = f.withHeader(CsvFormat.Header.valueOf(opt.get("header").toUpperCase(java.util.Locale.ROOT)));
        }
        return opt.containsKey("regression") ? f.regression() : f;
    }
}
