package dev.backprop.math.simd;

import dev.backprop.math.Kernels;
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
        // Offsets and lengths that are not multiples of the vector width, so the tails run too.
        assertTrue(Kernels.vectorApiAvailable(), "run with --add-modules jdk.incubator.vector");
        float[] z = inputs();
        int off = 3;
        int n = z.length - 7;
        for (float slope : new float[] {0f, 0.01f, 1f}) {
            float[] av = new float[z.length];
            VectorElementwise.relu(z, av, off, n, slope);
            for (int i = off; i < off + n; i++) {
                float want = z[i] > 0f ? z[i] : slope == 0f ? 0f : slope * z[i];
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(av[i]), "relu(" + z[i] + ")");
            }
        }
        float[] av = new float[z.length];
        VectorElementwise.sigmoid(z, av, off, n);
        for (int i = off; i < off + n; i++) {
            assertEquals(Float.floatToIntBits(Elementwise.sigmoid(z[i])), Float.floatToIntBits(av[i]), "at z = " + z[i]);
        }
        float[] g = inputs();
        float[] dv = new float[g.length];
        VectorElementwise.sigmoidBackward(av, g, dv, off, n);
        for (int i = off; i < off + n; i++) {
            assertEquals(Float.floatToIntBits(Elementwise.flush(g[i] * (av[i] * (1f - av[i])))), Float.floatToIntBits(dv[i]));
        }
        VectorElementwise.reluBackward(z, g, dv, 0, g.length, 0.1f);
        for (int i = 0; i < g.length; i++) {
            assertEquals(Float.floatToIntBits(z[i] > 0f ? g[i] : 0.1f * g[i]), Float.floatToIntBits(dv[i]));
        }
    }

    @Test
    void theKernelsInstanceDecidesScalarOrLanesForTheActivations() {
        // Kernels.scalar() and a vector instance run the activations' passes in different code
        // (Elementwise, VectorElementwise) and must give the same bits, in place or not.
        assertTrue(Kernels.vectorApiAvailable(), "run with --add-modules jdk.incubator.vector");
        Kernels scalar = Kernels.scalar();
        Kernels vector = Kernels.create(1);
        float[] z = inputs();
        float[] g = inputs();
        for (int step = 0; step < 5; step++) {
            float[] as = new float[z.length];
            float[] av = new float[z.length];
            switch (step) {
                case 0 -> { scalar.sigmoid(z, as, 1, z.length - 1); vector.sigmoid(z, av, 1, z.length - 1); }
                case 1 -> { scalar.sigmoidBackward(z, g, as, 0, z.length); vector.sigmoidBackward(z, g, av, 0, z.length); }
                case 2 -> { scalar.relu(z, as, 0, z.length, 0.01f); vector.relu(z, av, 0, z.length, 0.01f); }
                case 3 -> { scalar.reluBackward(z, g, as, 2, z.length - 2, 0f); vector.reluBackward(z, g, av, 2, z.length - 2, 0f); }
                default -> {
                    float[] x = new float[] {1e-17f, -1e-17f, 0x1p-61f, -0x1p-61f, 1f};
                    as = x.clone();
                    av = x.clone();
                    scalar.flushToZero(as, 0, x.length);
                    vector.flushToZero(av, 0, x.length);
                    assertArrayEquals(new float[] {1e-17f, -1e-17f, 0f, 0f, 1f}, as);
                }
            }
            assertArrayEquals(as, av, "operation " + step);
        }
    }
}
