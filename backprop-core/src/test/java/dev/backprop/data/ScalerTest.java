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
    void minMaxFittedOnTrainOnlyNotClamped() {
        Scaler s = Scaler.fit("minmax", TRAIN);
        assertEquals("minmax", s.name());
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
        assertEquals("standard", s.name());
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
            Scaler r = Scaler.of(s.name(), s.offsets(), s.scales());
            assertEquals(kind, r.name());
            float[] a = scaled(s, probe);
            float[] b = scaled(r, probe);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), kind + " value " + i);
            }
        }
        assertEquals(Scaler.fit("minmax", TRAIN), Scaler.of("minmax", Scaler.fit("minmax", TRAIN).offsets(),
                Scaler.fit("minmax", TRAIN).scales()));
    }

    @Test
    void accessorsCopyAndBadArgumentsFail() {
        Scaler s = Scaler.fit("minmax", TRAIN);
        s.offsets()[0] = 99;
        assertEquals(0f, s.offsets()[0]);
        assertThrows(IllegalArgumentException.class, () -> Scaler.fit("zscore", TRAIN));
        assertThrows(IllegalArgumentException.class, () -> Scaler.of("minmax", new float[2], new float[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.of("standard", new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> s.apply(new float[4], 2, 2));
        float[] x = {1, 2};
        Scaler.none().apply(x, 1, 2);
        assertArrayEquals(new float[] {1, 2}, x);
    }
}
