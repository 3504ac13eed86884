package dev.backprop.nn;

import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializerTest {
    static final ParameterLayout LAYOUT = new ParameterLayout(400, 300, 10);

    static double[] stats(float[] p, int from, int to) {
        double s = 0;
        double ss = 0;
        double max = 0;
        for (int j = from; j < to; j++) {
            s += p[j];
            ss += (double) p[j] * p[j];
            max = Math.max(max, Math.abs(p[j]));
        }
        int n = to - from;
        return new double[] {s / n, ss / n - (s / n) * (s / n), max};
    }

    static float[] draw(Initializer init, long seed) {
        float[] p = new float[LAYOUT.size()];
        init.initialize(LAYOUT, p, new Rng(seed));
        return p;
    }

    @Test
    void distributionsHaveTheDocumentedScale() {
        int w0 = LAYOUT.weightOffset(0);
        int b0 = LAYOUT.biasOffset(0);
        double[] rhw = stats(draw(Initializer.rhwUniform(0.5), 1), w0, b0);
        assertEquals(0, rhw[0], 0.005);
        assertEquals(0.25 / 3, rhw[1], 0.002);        // Var U(−r, r) = r²/3
        assertTrue(rhw[2] <= 0.5);
        double[] nielsen = stats(draw(Initializer.nielsen(), 1), w0, b0);
        assertEquals(1, nielsen[1], 0.02);
        double[] xavier = stats(draw(Initializer.xavier(), 1), w0, b0);
        assertEquals(2.0 / 700, xavier[1], 1e-4);      // Var = (6/(m+n))/3
        assertTrue(xavier[2] <= Math.sqrt(6.0 / 700));
        double[] he = stats(draw(Initializer.he(), 1), w0, b0);
        assertEquals(2.0 / 400, he[1], 2e-4);
        float[] x = draw(Initializer.xavier(), 1);
        for (int d = 0; d < 300; d++) {
            assertEquals(0f, x[b0 + d]);
        }
        float[] n = draw(Initializer.nielsen(), 1);
        assertTrue(n[b0] != 0f);
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(draw(Initializer.he(), 7), draw(Initializer.he(), 7));
        assertFalse(java.util.Arrays.equals(draw(Initializer.he(), 7), draw(Initializer.he(), 8)));
        Network a = Network.builder(3).layer(4, Activation.sigmoid()).seed(5).build();
        Network b = Network.builder(3).layer(4, Activation.sigmoid()).seed(5).build();
        assertArrayEquals(a.parameters(), b.parameters());
    }

    @Test
    void rngIsTheDocumentedSplitMix64() {
        // First outputs of SplitMix64 seeded with 0 (Steele, Lea & Flood 2014; same as java.util.SplittableRandom).
        Rng r = new Rng(0);
        assertEquals(0xe220a8397b1dcdafL, r.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
        Rng s = new Rng(123);
        s.nextLong();
        long state = s.state();
        long next = s.nextLong();
        s.setState(state);
        assertEquals(next, s.nextLong());
        int[] counts = new int[3];
        for (int i = 0; i < 30000; i++) {
            counts[new Rng(i).nextInt(3)]++;
        }
        for (int c : counts) {
            assertEquals(10000, c, 400);
        }
    }

    @Test
    void parseNames() {
        assertEquals("xavier", Initializer.parse("Glorot").name());
        assertEquals("rhw_uniform(0.3)", Initializer.parse("rhw_uniform(0.3)").name());
        assertThrows(IllegalArgumentException.class, () -> Initializer.parse("zeros"));
        assertThrows(IllegalArgumentException.class, () -> Initializer.rhwUniform(0));
    }
}
