package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradcheckTest {

    @Test
    void passesOnRandomNetworksAndFailsBelowItsOwnError() {
        for (String act : new String[] {"sigmoid", "tanh", "relu"}) {
            Run r = Run.of("gradcheck", "--layers", "6,7,5,3", "--activation", act, "--cases", "4");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains(": PASS"), r.out());
            assertEquals(3, r.out().lines().filter(l -> l.matches(" +\\d \\(\\d\\) +\\d+ .*")).count(), r.out());
        }
        Run strict = Run.of("gradcheck", "--tolerance", "1e-15");
        assertEquals(1, strict.code(), strict::toString);
        assertTrue(strict.out().contains(": FAIL"));
    }

    @Test
    void checksASavedModelOnItsData(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 60, 3);
        Path model = dir.resolve("m.safetensors");
        assertEquals(0, Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "3", "--out",
                model.toString(), "--quiet").code());
        Run r = Run.of("gradcheck", "--model", model.toString(), "--data", data.toString(), "--label-column", "color",
                "--cases", "8");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("on the first 8 cases of"), r.out());
    }
}
