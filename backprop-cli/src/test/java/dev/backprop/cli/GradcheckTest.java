package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
    void mnistSizedNetworkPassesOnASampleThatItNames() {
        Run r = Run.of("gradcheck", "--layers", "784,30,10", "--progress", "never");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("checked 4,109 of 23,860 parameters by finite differences: every bias and "
                + "weights sampled with seed 1; --all-parameters to check every one"), r.out());
        assertTrue(r.out().contains("the round-off of E = 11.93 allows), float32"), r.out());
        assertTrue(r.out().contains(": PASS"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aSmallNetworkIsCheckedWholeAndSaysNothingOfASample() {
        Run r = Run.of("gradcheck", "--layers", "5,8,4,3", "--sample", "99");
        assertEquals(0, r.code(), r::toString);
        assertFalse(r.out().contains("checked"), r.out());
        Run sampled = Run.of("gradcheck", "--layers", "10,100,3", "--sample", "500", "--seed", "4");
        assertTrue(sampled.out().contains("checked 500 of 1,403 parameters by finite differences: every bias and "
                + "weights sampled with seed 4"), sampled.out());
        Run all = Run.of("gradcheck", "--layers", "5,8,4,3", "--sample", "1", "--all-parameters");
        assertFalse(all.out().contains("checked"), all.out());
        Run bad = Run.of("gradcheck", "--sample", "0");
        assertEquals(2, bad.code(), bad::toString);
        assertEquals(List.of("backprop gradcheck: --sample 0: expected at least 1"), bad.errLines());
    }

    @Test
    void drawsProgressOnStderrWhenAsked() {
        Run r = Run.of("gradcheck", "--layers", "300,40,10", "--progress", "always");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("gradcheck [") && r.err().contains(" parameters ETA "), r.err());
        assertTrue(r.err().endsWith("\r"), "the bar is cleared at the end");
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
