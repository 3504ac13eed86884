package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plot} writes PNG bytes, so its file must be named as a PNG. */
class PlotFileTest {
    @TempDir
    Path dir;

    @Test
    void aPlotNamedOtherThanPngIsRefused() throws IOException {
        Path data = Fixtures.blobs(dir, "blobs.csv", 60, 3);
        Path model = dir.resolve("m.safetensors");
        Path jpg = dir.resolve("curves.jpg");
        Run.assertBadInput(Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "1",
                "--out", model.toString(), "--plot", jpg.toString()), "backprop train: --plot " + jpg
                        + ": writes a PNG picture; expected a file name ending in .png, not .jpg");
        assertFalse(Files.exists(model) || Files.exists(jpg));
        assertEquals(0, Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "1",
                "--out", model.toString(), "--quiet").code());
        Run.assertBadInput(Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--label-column",
                "color", "--plot", dir.resolve("c.JPEG").toString()), "backprop evaluate: --plot ", "not .JPEG");
        assertEquals(0, Run.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--label-column",
                "color", "--plot", dir.resolve("c.PNG").toString()).code());
    }
}
