package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.input.ModelInfo;
import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core's corpus of bad files ({@code backprop-core/src/test/resources/dev/backprop/bad}) given to
 * the commands. Each row of its README, through the command that reads the file that way, gives
 * exit code 2 and exactly the README's message after {@code backprop COMMAND: }; and every file,
 * given to every command as data, labels, model, initial weights, checkpoint or run record, ends
 * either in a clean refusal (exit 2, one line naming the file, nothing written) or in success.
 */
class CorpusTest {
    static final Path BAD = Path.of("..", "backprop-core", "src", "test", "resources", "dev", "backprop", "bad");

    @TempDir
    static Path tmp;
    static Path width2;
    static Path features2;
    static Path classes3;
    static Path labels3;
    static Path csv2;

    @BeforeAll
    static void models() throws IOException {
        Network two = new Network(new int[] {2, 3, 2}, Activation.sigmoid(), Activation.softmax()).initialize(
                dev.backprop.nn.Initializer.xavier(), 1);
        width2 = tmp.resolve("width2.safetensors");
        ModelFile.save(width2, new Model(two, Loss.softmaxCrossEntropy(), List.of("cat", "dog"),
                Scaler.none(), Map.of(), 1));
        features2 = tmp.resolve("features2.safetensors");
        ModelFile.save(features2, new Model(two, Loss.softmaxCrossEntropy(), List.of("cat", "dog"),
                Scaler.none(), Map.of(ModelInfo.FEATURES, "a\nb"), 1));
        Network three = new Network(new int[] {2, 3, 3}, Activation.sigmoid(), Activation.softmax()).initialize(
                dev.backprop.nn.Initializer.xavier(), 1);
        classes3 = tmp.resolve("classes3.safetensors");
        ModelFile.save(classes3, new Model(three, Loss.softmaxCrossEntropy(), List.of("0", "1", "2"),
                Scaler.none(), Map.of(), 1));
        labels3 = tmp.resolve("labels3.idx");
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(labels3))) {
            o.writeInt(0x00000801);
            o.writeInt(3);
            o.write(new byte[] {0, 1, 2});
        }
        csv2 = tmp.resolve("two.csv");
        Files.writeString(csv2, "a,b,label\n0.1,0.2,cat\n0.3,0.1,dog\n0.5,0.5,cat\n");
    }

    static Stream<Arguments> readmeRows() throws IOException {
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| `(.+)` \\| .*\\|$");
        List<Arguments> rows = new ArrayList<>();
        for (String line : Files.readAllLines(BAD.resolve("README.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                rows.add(Arguments.of(m.group(1), m.group(2), m.group(3).replace("{dir}", BAD.toString())));
            }
        }
        assertTrue(rows.size() > 60, "README rows found: " + rows.size());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("readmeRows")
    void everyReadmeRowGivesTheReadersMessageThroughTheCommand(String file, String readAs, String expected)
            throws Exception {
        Path f = BAD.resolve(file);
        Path out = tmp.resolve("row-out.safetensors");
        List<String> a = new ArrayList<>();
        String[] words = readAs.split(" ");
        switch (words[0]) {
            case "csv":
                a.addAll(List.of("train", "--data", f.toString(), "--out", out.toString()));
                for (int i = 1; i < words.length; i++) {
                    if (words[i].startsWith("labels=")) {
                        a.addAll(List.of("--label-column", words[i].substring(7)));
                    } else if (words[i].startsWith("index=")) {
                        a.addAll(List.of("--label-column", words[i].substring(6)));
                    } else if (words[i].equals("regression")) {
                        a.addAll(List.of("--task", "regression"));
                    }
                }
                break;
            case "csv-predict":
                a.addAll(List.of("evaluate", "--model", (readAs.contains("features=") ? features2 : width2).toString(),
                        "--data", f.toString()));
                break;
            case "idx":
                a.addAll(List.of("train", "--data", f.toString(), "--labels", labels3.toString(), "--out",
                        out.toString()));
                break;
            case "idx-classification":
                Path images = BAD.resolve(value(words, "images="));
                Path labels = BAD.resolve(value(words, "labels="));
                a.addAll(List.of("evaluate", "--model", classes3.toString(), "--data", images.toString(), "--labels",
                        labels.toString()));
                break;
            case "model":
                a.addAll(List.of("evaluate", "--model", f.toString(), "--data", csv2.toString()));
                break;
            default:
                throw new AssertionError("unknown reader " + readAs);
        }
        Run r = Run.of(a.toArray(new String[0]));
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of("backprop " + a.get(0) + ": " + expected), r.errLines(), r::toString);
        assertFalse(Files.exists(out));
    }

    static String value(String[] words, String key) {
        for (String w : words) {
            if (w.startsWith(key)) {
                return w.substring(key.length());
            }
        }
        throw new AssertionError("no " + key);
    }

    static Stream<Path> corpusFiles() throws IOException {
        try (Stream<Path> s = Files.list(BAD)) {
            List<Path> files = s.filter(p -> !p.getFileName().toString().endsWith(".md")
                    && !p.getFileName().toString().endsWith(".py")).sorted().toList();
            assertTrue(files.size() > 60);
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void everyCommandRefusesCleanlyOrSucceeds(Path f) throws Exception {
        Path out = tmp.resolve("sweep.safetensors");
        Path pred = tmp.resolve("sweep.csv");
        String F = f.toString();
        List<List<String>> commands = List.of(
                List.of("train", "--data", F, "--epochs", "1", "--out", out.toString()),
                List.of("train", "--data", F, "--labels", labels3.toString(), "--epochs", "1", "--out", out.toString()),
                List.of("train", "--data", labels3.toString(), "--labels", F, "--epochs", "1", "--out", out.toString()),
                List.of("evaluate", "--model", width2.toString(), "--data", F),
                List.of("evaluate", "--model", classes3.toString(), "--data", F, "--labels", labels3.toString()),
                List.of("predict", "--model", width2.toString(), "--data", F, "--out", pred.toString()),
                List.of("explain", "--model", width2.toString(), "--data", F),
                List.of("gradcheck", "--model", width2.toString(), "--data", F),
                List.of("evaluate", "--model", F, "--data", csv2.toString()),
                List.of("predict", "--model", F, "--data", csv2.toString(), "--out", pred.toString()),
                List.of("explain", "--model", F),
                List.of("gradcheck", "--model", F),
                List.of("train", "--data", csv2.toString(), "--init", F, "--epochs", "1", "--out", out.toString()),
                List.of("train", "--data", csv2.toString(), "--resume", F, "--epochs", "1", "--out", out.toString()),
                List.of("compare", F, F));
        for (List<String> c : commands) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(pred);
            Run r = Run.of(c.toArray(new String[0]));
            String what = String.join(" ", c) + "\n" + r;
            assertTrue(r.code() == 0 || r.code() == 2, what);
            if (r.code() == 2) {
                assertEquals(1, r.errLines().size(), what);
                String line = r.errLines().get(0);
                assertTrue(line.startsWith("backprop " + c.get(0) + ": "), what);
                assertFalse(line.contains("Exception"), what);
                assertTrue(c.stream().anyMatch(arg -> arg.contains("/") && line.contains(Path.of(arg).getFileName()
                        .toString())) || line.contains("--"), "names a file or option: " + what);
                assertFalse(Files.exists(out), what);
                assertFalse(Files.exists(pred), what);
            }
            try (Stream<Path> s = Files.list(tmp)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), what);
            }
        }
    }
}
