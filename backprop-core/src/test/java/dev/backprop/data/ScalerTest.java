package dev.backprop.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScalerTest {
    static final Dataset TRAIN = Dataset.of(
            new float[][] {{1, 5, 0.1f}, {3, 5, 0.7f}, {2, 5, 0.3f}, {0, 5, 1.9f}},
            new float[][] {{0}, {1}, {0}, {1}});

    static float[] scaled(Scaler s, float[] x) {
        float[] copy = x.clone();
        s.apply(copy, copy.length / 3, 3);
        return copy;
    }

    @Test
    void aColumnVaryingByLessThanMinScaleFitsAsConstantSoTheModelStaysLoadable() {
        Dataset tiny = Dataset.of(new float[][] {{1e-38f}, {2e-38f}, {4e-38f}}, new float[][] {{0}, {1}, {0}});
        assertArrayEquals(new float[] {1}, Scaler.fit("minmax", tiny).scales());
        assertArrayEquals(new float[] {1}, Scaler.fit("standard", tiny).scales());
        Dataset small = Dataset.of(new float[][] {{0}, {2e-30f}}, new float[][] {{0}, {1}});
        assertArrayEquals(new float[] {2e-30f}, Scaler.fit("minmax", small).scales());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scaler(Scaler.MINMAX, new float[] {0, 0}, new float[] {1, 1e-45f}));
        assertEquals("scaler 'minmax': feature 1 has offset 0.0 and scale 1.4E-45; both must be finite and the scale "
                + "at least 1.0E-30 in magnitude", e.getMessage());
    }

    @Test
    void minMaxFittedOnTrainOnlyNotClamped() {
        Scaler s = Scaler.fit("minmax", TRAIN);
        assertEquals("minmax", s.kind());
        assertArrayEquals(new float[] {0, 5, 0.1f}, s.offsets());
        assertArrayEquals(new float[] {3, 1, 1.8f}, s.scales());
        float[] t = scaled(s, TRAIN.x());
        assertArrayEquals(new float[] {1f / 3, 0, 0}, new float[] {t[0], t[1], t[2]}, 1e-6f);
        assertEquals(1f, t[3]);
        assertEquals(0f, t[9]);
        assertEquals(1f, t[11]);
        // test values outside the training range go outside [0, 1]; the constant column maps to x − 5
        float[] test = scaled(s, new float[] {6, 7, -1.7f});
        assertEquals(2f, test[0]);
        assertEquals(2f, test[1]);
        assertEquals(-1f, test[2], 1e-6f);
    }

    @Test
    void standardZeroMeanUnitVariance() {
        Scaler s = Scaler.fit("standard", TRAIN);
        assertEquals("standard", s.kind());
        assertEquals(1.5f, s.offsets()[0]);
        assertEquals((float) Math.sqrt(1.25), s.scales()[0]);
        assertEquals(1f, s.scales()[1]);
        float[] t = scaled(s, TRAIN.x());
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            double sq = 0;
            for (int c = 0; c < 4; c++) {
                sum += t[c * 3 + j];
                sq += t[c * 3 + j] * t[c * 3 + j];
            }
            assertEquals(0, sum / 4, 1e-6);
            assertEquals(j == 1 ? 0 : 1, sq / 4, 1e-6);
        }
    }

    @Test
    void restoredScalerGivesIdenticalBits() {
        float[] probe = {0.3f, -7.25f, 1e-3f, 123.456f, 5, 0.7f};
        for (String kind : new String[] {"none", "minmax", "standard"}) {
            Scaler s = Scaler.fit(kind, TRAIN);
            Scaler r = new Scaler(s.kind(), s.offsets(), s.scales());
            assertEquals(kind, r.kind());
            float[] a = scaled(s, probe);
            float[] b = scaled(r, probe);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), kind + " value " + i);
            }
        }
        assertEquals(Scaler.fit("minmax", TRAIN), new Scaler("minmax", Scaler.fit("minmax", TRAIN).offsets(),
                Scaler.fit("minmax", TRAIN).scales()));
    }

    @Test
    void accessorsCopyAndBadArgumentsFail() {
        Scaler s = Scaler.fit("minmax", TRAIN);
        s.offsets()[0] = 99;
        assertEquals(0f, s.offsets()[0]);
        assertThrows(IllegalArgumentException.class, () -> Scaler.fit("zscore", TRAIN));
        assertThrows(IllegalArgumentException.class, () -> new Scaler("minmax", new float[2], new float[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> new Scaler("standard", new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> s.apply(new float[4], 2, 2));
        float[] x = {1, 2};
        Scaler.none().apply(x, 1, 2);
        assertArrayEquals(new float[] {1, 2}, x);
    }

    /**
     * Fitted parameters and scaled values to the bit, as recorded: the float operations and their
     * order are part of what a model file promises (inputs scaled at prediction exactly as in training).
     */
    @Test
    void fittedParametersAndScaledValuesKeepTheirBits() {
        float[][] x = new float[7][3];
        for (int c = 0; c < 7; c++) {
            for (int j = 0; j < 3; j++) {
                x[c][j] = (float) Math.sin(1.7 * c + 0.3 * j) * (j + 1) * 13.37f + j * 1e-3f;
            }
        }
        Dataset d = Dataset.of(x, new float[7][1]);
        assertBits("c1460cdf c1bc2d31 c21d5f98 | 41cd17f6 423f59c8 4296c8fa | 3efd332b 3eae285c 3f05989f 40a98cb3 "
                + "3f18a244 3f07f83d", Scaler.fitMinMax(d));
        assertBits("3f451161 3fa49e25 3fb01562 | 4111db0d 419598d2 41e6935c | bd5316e0 bee9b844 bd435b73 4157557a "
                + "3e4b6051 bcc00a0b", Scaler.fitStandard(d));
    }

    private static void assertBits(String want, Scaler s) {
        float[] probe = {0.3f, -7.25f, 1e-3f, 123.456f, 5, 0.7f};
        s.apply(probe, 2, 3);
        StringBuilder b = new StringBuilder();
        for (float[] part : new float[][] {s.offsets(), s.scales(), probe}) {
            for (float v : part) {
                b.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
            }
            b.append("| ");
        }
        assertEquals(want, b.substring(0, b.length() - 3), s.kind());
    }
}
