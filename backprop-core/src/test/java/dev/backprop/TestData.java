package dev.backprop;

import dev.backprop.data.Dataset;
import dev.backprop.math.Rng;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Data for tests: the bundled digits set and random batches. */
public final class TestData {
    private TestData() {
    }

    /** @return the 1797 digits, pixels scaled to [0, 1], one-hot labels */
    public static Dataset digits() {
        try (InputStream in = TestData.class.getResourceAsStream("/dev/backprop/data/digits.csv.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.US_ASCII))) {
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",");
                float[] x = new float[64];
                for (int i = 0; i < 64; i++) {
                    x[i] = Float.parseFloat(f[i]) / 16f;
                }
                rows.add(x);
                labels.add((int) Float.parseFloat(f[64]));
            }
            return Dataset.classification(rows.toArray(new float[0][]),
                    labels.stream().mapToInt(Integer::intValue).toArray(), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param rng source
     * @param n count
     * @param scale half-width
     * @return n values uniform in [−scale, scale)
     */
    public static float[] uniform(Rng rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return v;
    }
}
