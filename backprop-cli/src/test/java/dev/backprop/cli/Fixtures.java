package dev.backprop.cli;

import dev.backprop.math.Rng;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;

/** Small data files for the command tests, made from a seed. */
final class Fixtures {
    private Fixtures() {
    }

    static final String[] COLORS = {"red", "green", "blue"};

    /** Three Gaussian blobs in 4 features with a header and string classes in the column "color". */
    static Path blobs(Path dir, String name, int rows, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder("f1,f2,color,f3,f4\n");
        for (int r = 0; r < rows; r++) {
            int k = r % 3;
            double[] v = new double[4];
            for (int j = 0; j < 4; j++) {
                v[j] = 10 * (j == k ? 1 : 0) + 2 * rng.nextGaussian() + 50;
            }
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%s,%.3f,%.3f%n", v[0], v[1], COLORS[k], v[2], v[3]));
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /** Regression: y1 = x1 + x2, y2 = x1 − x3 (plus a little noise), header x1,x2,x3,y1,y2. */
    static Path regression(Path dir, String name, int rows, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder("x1,x2,x3,y1,y2\n");
        for (int r = 0; r < rows; r++) {
            double a = rng.nextDouble();
            double b = rng.nextDouble();
            double c = rng.nextDouble();
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f%n", a, b, c,
                    a + b + 0.01 * rng.nextGaussian(), a - c + 0.01 * rng.nextGaussian()));
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /**
     * IDX images (n × 4 × 4 unsigned bytes) whose class (0..3) is the brightest quadrant, and their labels.
     *
     * @return {images, labels}; the images gzip-compressed when {@code gzip}
     */
    static Path[] idx(Path dir, String prefix, int n, long seed, boolean gzip) throws IOException {
        Rng rng = new Rng(seed);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream di = new DataOutputStream(img);
        DataOutputStream dl = new DataOutputStream(lab);
        di.writeInt(0x00000803);
        di.writeInt(n);
        di.writeInt(4);
        di.writeInt(4);
        dl.writeInt(0x00000801);
        dl.writeInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 4;
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    int q = (r / 2) * 2 + c / 2;
                    int v = (q == k ? 160 : 40) + (int) (rng.nextDouble() * 80);
                    di.writeByte(v);
                }
            }
            dl.writeByte(k);
        }
        Path images = dir.resolve(prefix + "-images.idx" + (gzip ? ".gz" : ""));
        Path labels = dir.resolve(prefix + "-labels.idx");
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(images)) : Files.newOutputStream(images)) {
            o.write(img.toByteArray());
        }
        Files.write(labels, lab.toByteArray());
        return new Path[] {images, labels};
    }

    /** A file a,b,y of {@code rows} rows: a = r % 7, b = r % 5 and the label of row r {@code label.apply(r)}. */
    static Path labelled(Path dir, String name, int rows, IntFunction<String> label)
            throws IOException {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int r = 0; r < rows; r++) {
            sb.append(r % 7).append(',').append(r % 5).append(',').append(label.apply(r)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }
}
