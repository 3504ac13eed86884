package dev.backprop.math;

import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The elementwise operations: accurate, and the same bits on SIMD lanes as in scalar code. */
class ElementwiseTest {

    static float[] inputs() {
        Rng rng = new Rng(1);
        float[] z = new float[4099];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) ((rng.nextDouble() - 0.5) * (i % 3 == 0 ? 200 : 20));
        }
        float[] special = {0f, -0f, 88f, 89f, -87f, -88f, -100f, 1000f, -1000f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1e-30f, -1e-30f};
        System.arraycopy(special, 0, z, 0, special.length);
        return z;
    }

    @Test
    void expIsWithinTwoUlpOfTheTrueValue() {
        for (float x = -87f; x <= 88f; x += 0.001f) {
            double want = Math.exp(x);
            float got = Elementwise.exp(x);
            assertTrue(Math.abs(got - want) <= 2 * Math.ulp((float) want), "exp(" + x + ") = " + got + ", want " + want);
        }
        assertEquals(1f, Elementwise.exp(0f));
        assertTrue(Float.isNaN(Elementwise.exp(Float.NaN)));
        assertEquals(0.5f, Elementwise.sigmoid(0f));
        assertEquals(1f, Elementwise.sigmoid(100f));
        assertTrue(Elementwise.sigmoid(-100f) >= 0f && Elementwise.sigmoid(-100f) < 1e-37f);
    }

    @Test
    void vectorAndScalarGiveTheSameBits() {
        assertTrue(Elementwise.VECTOR, "run with --add-modules jdk.incubator.vector");
        float[] z = inputs();
        int units = 37;
        int cases = z.length / units;
        float[] b = new float[units];
        for (int d = 0; d < units; d++) {
            b[d] = (d - 18) * 0.37f;
        }
        for (float slope : new float[] {0f, 0.01f, 1f}) {
            float[] zv = z.clone();
            float[] zs = z.clone();
            float[] av = new float[z.length];
            float[] as = new float[z.length];
            VectorElementwise.reluBias(zv, b, 0, av, 0, units, cases, slope);
            for (int c = 0; c < cases; c++) {
                for (int d = 0; d < units; d++) {
                    int i = c * units + d;
                    zs[i] += b[d];
                    as[i] = zs[i] > 0f ? zs[i] : slope == 0f ? 0f : slope * zs[i];
                }
            }
            assertArrayEquals(zs, zv);
            assertArrayEquals(as, av);
        }
        float[] zv = z.clone();
        float[] av = new float[z.length];
        VectorElementwise.sigmoidBias(zv, b, 0, av, 0, units, cases);
        for (int c = 0; c < cases; c++) {
            for (int d = 0; d < units; d++) {
                int i = c * units + d;
                float v = z[i] + b[d];
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(zv[i]));
                assertEquals(Float.floatToIntBits(Elementwise.sigmoid(v)), Float.floatToIntBits(av[i]), "at z = " + v);
            }
        }
        float[] g = inputs();
        float[] dv = new float[g.length];
        VectorElementwise.sigmoidBackward(av, g, dv, 0, g.length - 3);
        for (int i = 0; i < g.length - 3; i++) {
            assertEquals(Float.floatToIntBits(Elementwise.flush(g[i] * (av[i] * (1f - av[i])))), Float.floatToIntBits(dv[i]));
        }
        VectorElementwise.reluBackward(z, g, dv, 0, g.length, 0.1f);
        for (int i = 0; i < g.length; i++) {
            assertEquals(Float.floatToIntBits(z[i] > 0f ? g[i] : 0.1f * g[i]), Float.floatToIntBits(dv[i]));
        }
    }
}
