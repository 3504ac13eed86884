package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An output named by any spelling of an input's path (the same name, {@code ./}, a symbolic or a
 * hard link), or of another output's, is refused before any work: exit 2, one line naming both
 * options, and the input unchanged byte for byte.
 */
class SameFileTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void trainAModel() throws Exception {
        data = Fixtures.blobs(dir, "a.csv", 60, 1);
        model = dir.resolve("m.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "1", "--out",
                model.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Files.createSymbolicLink(dir.resolve("link.csv"), data);
        Files.createLink(dir.resolve("hard.csv"), data);
        Files.copy(data, dir.resolve("r.run.json"));
    }

    static List<String> train(String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--epochs", "1", "--quiet"));
        a.addAll(List.of(more));
        return a;
    }

    static Stream<Arguments> cases() {
        String d = data.toString();
        String dot = dir.resolve(".").resolve("a.csv").toString();
        String link = dir.resolve("link.csv").toString();
        String hard = dir.resolve("hard.csv").toString();
        String m = model.toString();
        String png = dir.resolve("x.png").toString();
        String other = dir.resolve("other.safetensors").toString();
        return Stream.of(
                Arguments.of(train("--out", d), d, "--out " + d + " is also --data"),
                Arguments.of(train("--out", dot), d, "--out " + dot + " is also --data"),
                Arguments.of(train("--out", other, "--plot", link), d, "--plot " + link + " is also --data"),
                Arguments.of(train("--out", other, "--test-split", "0.2", "--write-test", hard), d,
                        "--write-test " + hard + " is also --data"),
                Arguments.of(train("--out", other, "--log-json", d), d, "--log-json " + d + " is also --data"),
                Arguments.of(train("--out", other, "--checkpoint-every", "1", "--checkpoint", d), d,
                        "--checkpoint " + d + " is also --data"),
                Arguments.of(train("--out", other, "--init", m), m, null),
                Arguments.of(train("--out", m, "--init", m), m, "--out " + m + " is also --init"),
                Arguments.of(List.of("train", "--data", dir.resolve("r.run.json").toString(), "--label-column", "color",
                        "--out", dir.resolve("r.safetensors").toString()), dir.resolve("r.run.json").toString(),
                        "the run record " + dir.resolve("r.run.json") + " is also --data"),
                Arguments.of(train("--out", other, "--plot", png, "--test-split", "0.2", "--write-test", png), d,
                        "--write-test " + png + " is also --plot"),
                Arguments.of(train("--out", other, "--log-json", other), d, "--log-json " + other + " is also --out"),
                Arguments.of(List.of("predict", "--model", m, "--data", d, "--out", m), m,
                        "--out " + m + " is also --model"),
                Arguments.of(List.of("predict", "--model", m, "--data", d, "--out", link), d,
                        "--out " + link + " is also --data"),
                Arguments.of(List.of("evaluate", "--model", m, "--data", d, "--label-column", "color", "--plot", m), m,
                        "--plot " + m + " is also --model"),
                Arguments.of(List.of("evaluate", "--model", m, "--data", d, "--label-column", "color", "--plot", hard), d,
                        "--plot " + hard + " is also --data"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("cases")
    void anOutputThatIsAnInputIsRefusedAndTheInputKept(List<String> args, String input, String expected)
            throws Exception {
        Path kept = Path.of(input);
        byte[] before = Files.readAllBytes(kept);
        Run r = Run.of(args.toArray(new String[0]));
        if (expected == null) {
            // a control case: the same files under other names are accepted
            assertEquals(0, r.code(), r::toString);
            Files.deleteIfExists(dir.resolve("other.safetensors"));
            Files.deleteIfExists(dir.resolve("other.run.json"));
            return;
        }
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains(expected), "expected '" + expected + "' in: " + r.errLines().get(0));
        assertArrayEquals(before, Files.readAllBytes(kept), "the input is unchanged");
        assertFalse(Files.exists(dir.resolve("other.safetensors")), "no model written");
        assertFalse(Files.exists(dir.resolve("x.png")), "no plot written");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
