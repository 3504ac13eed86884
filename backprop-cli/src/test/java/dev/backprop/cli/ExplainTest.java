package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainTest {

    @Test
    void figureOneShowsEveryQuantityWithShapeEquationAndFiniteDifference() {
        Run r = Run.of("explain");
        assertEquals(0, r.code(), r::toString);
        String o = r.out();
        // the seed's shapes: W^3 is (3 × 4), z^3 = W^3 a^2 + b^3 is (3 × 1) = (3 × 4) (4 × 1) + (3 × 1)
        assertTrue(o.contains("z^3 = W^3 a^2 + b^3   (3 × 1) = (3 × 4) (4 × 1) + (3 × 1)"), o);
        assertTrue(o.contains("∂E/∂W^3 = δ^3 (a^2)ᵀ   (3 × 4) = (3 × 1) (1 × 4)   [seed eq. bp-final-3]"), o);
        for (int l = 2; l <= 4; l++) {
            assertTrue(o.contains("δ^" + l + " = ∂E/∂a^" + l + " ⊙ σ'(z^" + l + ")"), "δ^" + l);
            assertTrue(o.contains("∂E/∂b^" + l + " = δ^" + l + "   (" + (l == 3 ? 3 : 4) + " × 1)   [seed eq. bp-final-4]"));
            assertTrue(o.contains("∂E/∂a^" + (l - 1) + " = (W^" + l + ")ᵀ δ^" + l), "∂E/∂a^" + (l - 1));
        }
        assertTrue(o.contains("[seed eq. bp-final-1"), o);
        assertTrue(o.contains("[seed eq. bp-final-5]"), o);
        // every gradient value agrees with its finite difference
        Matcher m = Pattern.compile("(-?[0-9.]+(?:e[-+]?\\d+)?) \\[fd +(-?[0-9.]+(?:e[-+]?\\d+)?)\\]").matcher(o);
        int pairs = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            double fd = Double.parseDouble(m.group(2));
            assertEquals(fd, v, 1e-6 + 1e-5 * Math.abs(fd), m.group());
            pairs++;
        }
        // ∂E/∂a^4 (4), W^4 (12), b^4 (4), ∂E/∂a^3 (3), W^3 (12), b^3 (3), ∂E/∂a^2 (4), W^2 (12), b^2 (4), ∂E/∂a^1 (3)
        assertEquals(4 + 12 + 4 + 3 + 12 + 3 + 4 + 12 + 4 + 3, pairs);
    }

    @Test
    void aNetworkPastMaxParametersIsRefusedBeforeAnyWorkNamingTheFlag(@TempDir Path dir) throws Exception {
        Run small = Run.of("explain", "--max-parameters", "46");
        assertEquals(2, small.code(), small::toString);
        assertEquals(List.of("backprop explain: the network has 47 parameters, more than --max-parameters 46: explain "
                + "prints each one and differences E once per parameter (work grows as parameters²); give "
                + "--max-parameters 47 to explain it anyway"), small.errLines());
        assertEquals("", small.out());
        assertEquals(0, Run.of("explain", "--max-parameters", "47").code());

        Path data = Fixtures.blobs(dir, "d.csv", 30, 1);
        Path model = dir.resolve("wide.safetensors");
        assertEquals(0, Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "200,200",
                "--epochs", "1", "--out", model.toString(), "--quiet").code());
        Run wide = Run.of("explain", "--model", model.toString());
        assertEquals(2, wide.code(), wide::toString);
        assertEquals(1, wide.errLines().size(), wide::toString);
        assertTrue(wide.err().startsWith("backprop explain: " + model + " has 41,"), wide.err());
        assertTrue(wide.err().contains("more than --max-parameters 25000"), wide.err());
    }

    @Test
    void aCaseWithoutDataIsRefusedNotIgnored() {
        Run r = Run.of("explain", "--case", "7");
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of("backprop explain: --case 7 needs --data (without it the case is random)"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void markdownHasTablesAndTheSameNumbers() {
        Run text = Run.of("explain", "--seed", "7");
        Run md = Run.of("explain", "--seed", "7", "--format", "markdown");
        assertEquals(0, md.code(), md::toString);
        assertTrue(md.out().startsWith("## backprop explain"), md.out());
        assertTrue(md.out().contains("| d = 1 |"), md.out());
        assertTrue(md.out().contains("**∂E/∂W^4 = δ^4 (a^3)ᵀ** (4 × 3)"), md.out());
        Matcher e = Pattern.compile("E = ½ Σ_d \\(a_d\\^L − y_d\\)² = ([0-9.]+)").matcher(text.out());
        assertTrue(e.find());
        assertTrue(md.out().contains(e.group(1)), "the same E in both formats");
    }
}
