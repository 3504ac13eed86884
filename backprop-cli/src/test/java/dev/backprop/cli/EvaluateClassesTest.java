package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code evaluate} prints and draws of a model's classes: names escaped, and a bounded matrix
 * however many classes there are.
 */
class EvaluateClassesTest {
    @TempDir
    Path dir;

    @Test
    void evaluateShowsClassNamesFromAModelFileEscaped() throws IOException {
        Network net = new Network(new int[] {2, 3, 2}, Activation.sigmoid(), Activation.softmax())
                .initialize(Initializer.xavier(), 1);
        Path model = dir.resolve("esc.safetensors");
        ModelFile.save(model, new Model(net, Loss.softmaxCrossEntropy(), List.of("red\u001B[2J", "blue\u0007"),
                Scaler.none(), Map.of(), 1));
        Path data = Fixtures.labelled(dir, "esc.csv", 10, r -> r % 2 == 0 ? "red\u001B[2J" : "blue\u0007");
        for (String format : List.of("text", "markdown")) {
            Run r = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--format", format);
            assertEquals(0, r.code(), r::toString);
            assertFalse(r.out().contains("\u001B") || r.out().contains("\u0007"), r::toString);
            assertTrue(r.out().contains("red\\u001B[2J") && r.out().contains("blue\\u0007"), r::toString);
        }
    }

    @Test
    void evaluateOfHundredsOfClassesPrintsAndDrawsABoundedMatrix() throws IOException {
        Path data = Fixtures.labelled(dir, "many.csv", 400, r -> "k" + r % 200);
        Path model = dir.resolve("m.safetensors");
        Run t = Run.of("train", "--data", data.toString(), "--epochs", "0", "--hidden", "2", "--out",
                model.toString(), "--quiet");
        assertEquals(0, t.code(), t::toString);
        String leftOut = "(the 30 classes with the most cases of 200 are shown; 170 left out)";
        Path plot = dir.resolve("c.png");
        Run text = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot",
                plot.toString());
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains(leftOut), text::toString);
        assertTrue(text.out().split("\n").length < 80, text::toString);
        BufferedImage img = ImageIO.read(plot.toFile());
        assertTrue(img.getWidth() <= 1720 && img.getHeight() <= 1600, img.getWidth() + "×" + img.getHeight());
        Run md = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--format", "markdown");
        assertTrue(md.out().contains(leftOut) && md.out().split("\n").length < 80, md::toString);
        Run json = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--format", "json");
        assertEquals(0, json.code(), json::toString);
        assertTrue(json.out().contains("\"confusion_left_out\":100"), json::toString);
        Matcher rows = Pattern.compile("\\[(\\d+,)*\\d+\\]").matcher(json.out().substring(
                json.out().indexOf("\"confusion\"")));
        int n = 0;
        while (rows.find() && n < 1000) {
            assertEquals(100, rows.group().split(",").length);
            n++;
        }
        assertEquals(100, n, "a 100 × 100 matrix");
    }

    @Test
    void evaluateShowsTargetNamesFromAModelFileEscaped() throws IOException {
        StringBuilder sb = new StringBuilder("x1,x2,y\u001B[2J\n");
        for (int r = 0; r < 30; r++) {
            sb.append(r % 7).append(',').append(r % 5).append(',').append(r * 0.5).append('\n');
        }
        Path data = dir.resolve("target.csv");
        Files.writeString(data, sb.toString(), StandardCharsets.UTF_8);
        Path model = dir.resolve("r.safetensors");
        Run t = Run.of("train", "--data", data.toString(), "--task", "regression", "--epochs", "1", "--out",
                model.toString(), "--quiet");
        assertEquals(0, t.code(), t::toString);
        for (String format : List.of("text", "markdown")) {
            Run r = Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--format", format);
            assertEquals(0, r.code(), r::toString);
            assertFalse(r.out().contains("\u001B"), r::toString);
            assertTrue(r.out().contains("y\\u001B[2J"), r::toString);
        }
    }
}
