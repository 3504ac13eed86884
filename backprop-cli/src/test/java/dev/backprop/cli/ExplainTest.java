package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
