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

    /**
     * C = op(A) op(B) in double, straight from the definition, as a float array.
     *
     * @param ta use Aᵀ
     * @param tb use Bᵀ
     * @param m rows of C
     * @param n columns of C
     * @param kk the summed dimension
     * @param a A's array
     * @param aOff offset of A
     * @param lda leading dimension of A as stored
     * @param b B's array
     * @param bOff offset of B
     * @param ldb leading dimension of B as stored
     * @return C, m × n row-major
     */
    public static float[] gemm(boolean ta, boolean tb, int m, int n, int kk, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < kk; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    /**
     * Runs this JVM's {@code java} launcher in a child process and returns the last line it
     * printed, failing with the whole output unless it exits with 0.
     *
     * @param args the launcher's arguments
     * @return the last line of its output
     * @throws IOException if the child cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static String lastLineOfJava(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor(), out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
