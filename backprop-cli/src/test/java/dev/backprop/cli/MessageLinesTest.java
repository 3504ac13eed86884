package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages stay one readable line, whatever file names and values they quote. */
class MessageLinesTest {
    @TempDir
    Path dir;

    @Test
    void aFileNameWithALineBreakStaysOnOneLine() {
        Run r = Run.of("train", "--data", dir.resolve("a\nb.csv").toString());
        Run.assertBadInput(r, "file not found: ", "a\\nb.csv");
        Run e = Run.of("evaluate", "--model", dir.resolve("m\u001B[2J.safetensors").toString(), "--data", "x.csv");
        Run.assertBadInput(e, "m\\u001B[2J.safetensors");
    }

    @Test
    void aHugeValueInAMessageIsCutWithACount() throws IOException {
        Path data = Fixtures.labelled(dir, "d.csv", 20, r -> r % 2 == 0 ? "red" : "blue");
        Path model = dir.resolve("m.safetensors");
        assertEquals(0, Run.of("train", "--data", data.toString(), "--epochs", "0", "--out", model.toString(),
                "--quiet").code());
        String huge = "z".repeat(1_000_000);
        Path unseen = Fixtures.labelled(dir, "unseen.csv", 3, r -> r == 2 ? huge : "red");
        Run r = Run.of("evaluate", "--model", model.toString(), "--data", unseen.toString());
        Run.assertBadInput(r, "unseen.csv:4: class 'zzz", " more characters) …", "known classes: blue, red");
        assertTrue(r.err().length() < 2200, r.err().length() + " characters");
        StringBuilder wide = new StringBuilder();
        for (int c = 0; c < 100_000; c++) {
            wide.append(c > 0 ? "," : "").append("feature").append(c);
        }
        Path columns = dir.resolve("wide.csv");
        Files.writeString(columns, wide + "\n" + "1,".repeat(99_999) + "1\n", StandardCharsets.UTF_8);
        Run w = Run.of("predict", "--model", model.toString(), "--data", columns.toString());
        Run.assertBadInput(w, "wide.csv:1: expected 2 feature columns", " more characters) …");
        assertTrue(w.err().length() < 2200, w.err().length() + " characters");
    }

    @Test
    void aFileNameWithAnEscapeIsShownEscapedInReports() throws IOException {
        String[] labels = {"1", "1.0", "2"};
        Path data = Fixtures.labelled(dir, "d\u001B[2J.csv", 30, r -> labels[r % 3]);
        Path model = dir.resolve("m\u0007.safetensors");
        Path plot = dir.resolve("c\u001B]0;x\u0007.png");
        Run t = Run.of("train", "--data", data.toString(), "--epochs", "1", "--out", model.toString());
        assertEquals(0, t.code(), t::toString);
        Run e = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot", plot.toString());
        assertEquals(0, e.code(), e::toString);
        Run md = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--format", "markdown");
        assertEquals(0, md.code(), md::toString);
        for (Run r : List.of(t, e, md)) {
            String all = r.out() + r.err();
            assertFalse(all.contains("\u001B") || all.contains("\u0007"), r::toString);
        }
        assertTrue(t.err().contains("warning: " + dir + "/d\\u001B[2J.csv: labels"), t::toString);
        assertTrue(e.out().contains("read " + dir + "/d\\u001B[2J.csv") && e.out().contains("c\\u001B]0;x"), e::toString);
    }
}
