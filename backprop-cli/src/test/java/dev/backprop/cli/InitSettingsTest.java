package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init MODEL} takes the loss, the activations and the input scaling the model records
 * unless a flag gives them; a flag that cannot work with what the model records is one line.
 */
class InitSettingsTest {

    @Test
    void theInitModelsLossActivationsAndScalingAreKeptWhenNotGiven(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 60, 3);
        Path init = dir.resolve("init.safetensors");
        Run r0 = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "5",
                "--activation", "tanh", "--loss", "squared_error", "--scale", "standard", "--epochs", "0",
                "--out", init.toString(), "--quiet");
        assertEquals(0, r0.code(), r0::toString);
        Path out = dir.resolve("m.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--init", init.toString(),
                "--epochs", "1", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Model m = ModelFile.load(out);
        assertEquals("squared_error", m.loss().name());
        assertEquals("tanh", m.network().activation(0).name());
        assertEquals("sigmoid", m.network().outputActivation().name());
        assertEquals("standard", m.scaling().kind());

        // a flag given still wins
        Run given = Run.of("train", "--data", data.toString(), "--label-column", "color", "--init", init.toString(),
                "--loss", "softmax_cross_entropy", "--scale", "minmax", "--epochs", "1", "--out", out.toString(),
                "--quiet");
        assertEquals(0, given.code(), given::toString);
        Model g = ModelFile.load(out);
        assertEquals("softmax_cross_entropy", g.loss().name());
        assertEquals("softmax", g.network().outputActivation().name());
        assertEquals("minmax", g.scaling().kind());
    }

    @Test
    void aGivenOutputActivationThatTheInitModelsLossCannotTakeIsOneLine(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 60, 3);
        Path init = dir.resolve("init.safetensors");
        Run r0 = Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "5",
                "--epochs", "0", "--out", init.toString(), "--quiet");
        assertEquals(0, r0.code(), r0::toString);
        Path out = dir.resolve("m.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--init", init.toString(),
                "--output-activation", "sigmoid", "--epochs", "1", "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.contains("--output-activation sigmoid") && line.contains("--init model's loss "
                + "softmax_cross_entropy") && line.contains("--loss"), line);
        assertFalse(Files.exists(out));
    }
}
