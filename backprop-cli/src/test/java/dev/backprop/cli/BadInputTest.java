package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
 * Every command given bad input: exit code 2, exactly one line on stderr that names the file, line
 * or option and what was expected, no stack trace, and no output file created.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path good;
    static Path model;

    @BeforeAll
    static void trainAModel() throws Exception {
        good = Fixtures.blobs(dir, "good.csv", 60, 1);
        model = dir.resolve("good.safetensors");
        Run r = Run.of("train", "--data", good.toString(), "--label-column", "color", "--epochs", "2", "--out",
                model.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
    }

    static Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static Path bytes(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> c = new ArrayList<>();
        String out = dir.resolve("out.safetensors").toString();
        String pred = dir.resolve("pred.csv").toString();
        String s = "f1,f2,color,f3,f4\n";
        // training data
        c.add(Arguments.of("empty CSV", List.of("train", "--data", file("empty.csv", "").toString(), "--out", out),
                "empty.csv:1: the file is empty"));
        c.add(Arguments.of("header only", List.of("train", "--data", file("header.csv", s).toString(), "--label-column",
                "color", "--out", out), "header.csv"));
        c.add(Arguments.of("ragged row", List.of("train", "--data", file("ragged.csv", s + "1,2,red,3,4\n1,2,red,3\n")
                .toString(), "--label-column", "color", "--out", out), "ragged.csv:3: expected 5 fields, found 4"));
        c.add(Arguments.of("non-numeric cell", List.of("train", "--data", file("word.csv", s + "1,2,red,x,4\n1,2,blue,3,4\n")
                .toString(), "--label-column", "color", "--out", out), "word.csv:2"));
        c.add(Arguments.of("NaN cell", List.of("train", "--data", file("nan.csv", s + "1,NaN,red,3,4\n1,2,blue,3,4\n")
                .toString(), "--label-column", "color", "--out", out), "nan.csv:2"));
        c.add(Arguments.of("infinity cell", List.of("train", "--data", file("inf.csv", s + "1,2,red,Infinity,4\n1,2,blue,3,4\n")
                .toString(), "--label-column", "color", "--out", out), "inf.csv:2"));
        c.add(Arguments.of("missing label", List.of("train", "--data", file("nolabel.csv", s + "1,2,,3,4\n1,2,blue,3,4\n")
                .toString(), "--label-column", "color", "--out", out), "nolabel.csv:2"));
        c.add(Arguments.of("unknown label column", List.of("train", "--data", good.toString(), "--label-column", "colour",
                "--out", out), "colour"));
        c.add(Arguments.of("missing file", List.of("train", "--data", dir.resolve("nope.csv").toString(), "--out", out),
                "file not found: " + dir.resolve("nope.csv")));
        c.add(Arguments.of("layers that do not fit", List.of("train", "--data", good.toString(), "--label-column", "color",
                "--layers", "5,8,3", "--out", out), "--layers 5,8,3: the data has 4 inputs and 3 outputs"));
        c.add(Arguments.of("bad layers", List.of("train", "--data", good.toString(), "--label-column", "color",
                "--layers", "4,x,3", "--out", out), "--layers '4,x,3': 'x' is not a whole number"));
        c.add(Arguments.of("unknown optimizer", List.of("train", "--data", good.toString(), "--label-column", "color",
                "--optimizer", "lbfgs", "--out", out), "unknown optimizer 'lbfgs'"));
        c.add(Arguments.of("bad flag", List.of("train", "--data", good.toString(), "--epoch", "3", "--out", out),
                "Unknown options: '--epoch', '3'; did you mean"));
        c.add(Arguments.of("bad number", List.of("train", "--data", good.toString(), "--epochs", "three", "--out", out),
                "three"));
        c.add(Arguments.of("negative batch", List.of("train", "--data", good.toString(), "--batch-size", "0", "--out",
                out), "--batch-size 0: expected 1 or more"));
        c.add(Arguments.of("output folder missing", List.of("train", "--data", good.toString(), "--label-column", "color",
                "--out", dir.resolve("no/such/dir/m.safetensors").toString()), "does not exist"));
        c.add(Arguments.of("loss that does not fit", List.of("train", "--data", good.toString(), "--label-column", "color",
                "--loss", "softmax_cross_entropy", "--output-activation", "sigmoid", "--out", out), "--loss"));
        // IDX
        Path[] idx = Fixtures.idx(dir, "ok", 20, 1, false);
        byte[] img = Files.readAllBytes(idx[0]);
        c.add(Arguments.of("truncated IDX", List.of("train", "--data", bytes("trunc.idx", java.util.Arrays.copyOf(img,
                img.length - 5)).toString(), "--labels", idx[1].toString(), "--out", out), "trunc.idx: byte"));
        byte[] longer = java.util.Arrays.copyOf(img, img.length + 3);
        c.add(Arguments.of("over-long IDX", List.of("train", "--data", bytes("long.idx", longer).toString(), "--labels",
                idx[1].toString(), "--out", out), "long.idx: byte " + img.length + ": expected the end of the file"));
        c.add(Arguments.of("IDX without labels", List.of("train", "--data", idx[0].toString(), "--out", out),
                "give its labels with --labels"));
        Path[] other = Fixtures.idx(dir, "other", 21, 1, false);
        c.add(Arguments.of("IDX counts differ", List.of("train", "--data", idx[0].toString(), "--labels",
                other[1].toString(), "--out", out), "expected 20 labels, one per item of"));
        byte[] huge = img.clone();
        huge[4] = 0x7f;
        c.add(Arguments.of("IDX dimensions overflow", List.of("train", "--data", bytes("huge.idx", huge).toString(),
                "--labels", idx[1].toString(), "--out", out), "huge.idx: byte"));
        // models
        byte[] m = Files.readAllBytes(model);
        c.add(Arguments.of("truncated model", List.of("evaluate", "--model", bytes("cut.safetensors",
                java.util.Arrays.copyOf(m, m.length - 7)).toString(), "--data", good.toString(), "--label-column",
                "color"), "cut.safetensors"));
        c.add(Arguments.of("a CSV as a model", List.of("predict", "--model", good.toString(), "--data", good.toString(),
                "--out", pred), "good.csv: byte 0"));
        c.add(Arguments.of("unseen class at evaluation", List.of("evaluate", "--model", model.toString(), "--data",
                file("purple.csv", s + "50,50,purple,50,50\n").toString(), "--label-column", "color"), "purple"));
        c.add(Arguments.of("wrong width for the model", List.of("predict", "--model", model.toString(), "--data",
                file("wide.csv", "a,b,c\n1,2,3\n").toString(), "--out", pred), "wide.csv:1: expected 4 feature columns"));
        c.add(Arguments.of("IDX for a CSV model", List.of("predict", "--model", model.toString(), "--data",
                idx[0].toString(), "--out", pred), "items of 16 values; the model takes 4 inputs"));
        c.add(Arguments.of("missing model", List.of("predict", "--model", dir.resolve("none.safetensors").toString(),
                "--data", good.toString(), "--out", pred), "file not found"));
        c.add(Arguments.of("explain: case out of range", List.of("explain", "--model", model.toString(), "--data",
                good.toString(), "--label-column", "color", "--case", "60"), "--case 60"));
        c.add(Arguments.of("gradcheck: bad layers", List.of("gradcheck", "--layers", "3"), "--layers 3"));
        c.add(Arguments.of("bench: unknown configuration", List.of("bench", "N9"), "unknown configuration 'N9'"));
        c.add(Arguments.of("missing command", List.of(), "missing command"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsOneLineExitTwoAndWritesNothing(String name, List<String> args, String expected) throws Exception {
        Path out = dir.resolve("out.safetensors");
        Path pred = dir.resolve("pred.csv");
        Run r = Run.of(args.toArray(new String[0]));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("backprop"), line);
        assertTrue(line.contains(expected), "expected '" + expected + "' in: " + line);
        assertFalse(line.contains("Exception"), line);
        assertFalse(Files.exists(out), "no model written");
        assertFalse(Files.exists(pred), "no prediction written");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
