package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @Test
    void demoTrainsOnTheBundledDigitsAndWritesAModelAndPictures(@TempDir Path dir) throws Exception {
        Run r = Run.of("demo", "--out-dir", dir.toString());
        assertEquals(0, r.code(), r::toString);
        Matcher m = Pattern.compile("test: loss [0-9.]+, accuracy ([0-9.]+)% \\((\\d+) cases\\)").matcher(r.out());
        assertTrue(m.find(), r::toString);
        assertEquals(449, Integer.parseInt(m.group(2)), "a quarter of 1797 cases held out");
        assertTrue(Double.parseDouble(m.group(1)) > 93.0, "test accuracy " + m.group(1));
        assertTrue(r.out().contains("predicted →"), "the confusion matrix is printed");
        assertTrue(r.out().contains("epoch 30/30"), "a summary line per epoch");

        Model model = ModelFile.load(dir.resolve("demo-model.safetensors"));
        assertEquals(64, model.network().inputSize());
        assertEquals(10, model.classNames().size());
        assertEquals("minmax", model.scaling().kind());

        BufferedImage curves = ImageIO.read(dir.resolve("demo-curves.png").toFile());
        assertEquals(1280, curves.getWidth());
        assertEquals(440, curves.getHeight());
        assertNotBlank(curves);
        BufferedImage confusion = ImageIO.read(dir.resolve("demo-confusion.png").toFile());
        assertTrue(confusion.getWidth() >= 480 && confusion.getHeight() >= 480);
        assertNotBlank(confusion);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void badDemoFlagsNameTheDemoAndWriteNothing(@TempDir Path dir) throws Exception {
        Run r = Run.of("demo", "--out-dir", dir.toString(), "--epochs", "-3");
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of("backprop demo: --epochs -3: expected 0 or more"), r.errLines());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
    }

    @Test
    void aDemoThatFailsLeavesNoDataFileBehind(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("demo-model.safetensors"));
        Run r = Run.of("demo", "--out-dir", dir.toString(), "--quiet");
        assertEquals(2, r.code(), r::toString);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("demo-model.safetensors")), files.toList(), r::toString);
        }
    }

    @Test
    void demoWithNoEpochsEvaluatesTheInitialWeightsAndDrawsNoCurves(@TempDir Path dir) throws Exception {
        Run r = Run.of("demo", "--out-dir", dir.toString(), "--epochs", "0", "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(dir.resolve("demo-model.safetensors")) && Files.exists(dir.resolve("demo-confusion.png")));
        assertFalse(Files.exists(dir.resolve("demo-curves.png")));
    }

    /** A drawn chart has many colours, and a good share of its pixels are not the background. */
    static void assertNotBlank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        int background = img.getRGB(0, 0);
        long other = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int c = img.getRGB(x, y);
                colours.add(c);
                if (c != background) {
                    other++;
                }
            }
        }
        long total = (long) (img.getHeight() / 2) * (img.getWidth() / 2);
        assertTrue(colours.size() > 20, "only " + colours.size() + " colours");
        assertTrue(other > total / 50, "only " + other + " of " + total + " sampled pixels differ from the background");
    }
}
