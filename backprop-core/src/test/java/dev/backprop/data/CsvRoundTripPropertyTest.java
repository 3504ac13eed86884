package dev.backprop.data;

import dev.backprop.Generator;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tables of random floats and class labels, written as CSV in many spellings (delimiter, quoting,
 * spaces around unquoted cells, CRLF, a byte order mark, blank lines, a header or none, skipped
 * leading lines, gzip), read back by {@link CsvReader#read}: every value must come back with the
 * same bits, every label as the same class, every column name as written. Each case is drawn from
 * its seed by a {@link Generator}; a failure prints the seed and the command that reruns it.
 */
@ExtendWith(Generator.ReportsSeed.class)
class CsvRoundTripPropertyTest {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** Characters for names and labels: letters, digits, and the ones that need quoting. */
    private static final String ALPHABET = "abcXYZ019 ,;|\t\"'-.éß🙂";

    /** Any finite float: random bits (all exponents, subnormals), small integers, or special values. */
    static float value(Generator rnd) {
        switch (rnd.nextInt(4)) {
            case 0: {
                float v;
                do {
                    v = Float.intBitsToFloat(rnd.nextBits());
                } while (!Float.isFinite(v));
                return v;
            }
            case 1: return rnd.nextInt(-1000, 1001);
            case 2: return (float) rnd.nextDouble(-1e6, 1e6);
            default: return new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE,
                -Float.MAX_VALUE, 1e-30f, 0.1f, 1f / 3}[rnd.nextInt(9)];
        }
    }

    /**
     * A table's shape and spelling: rows, feature columns, the delimiter's index, header, CRLF, byte
     * order mark, gzip, regression (else classes), lines to skip, the label's column (at most the last).
     */
    record TableCase(long seed, int rows, int features, int delimiter, boolean header, boolean crlf, boolean bom,
            boolean gzip, boolean regression, int skip, int labelAt, long data) {
        static TableCase draw(Generator g) {
            return new TableCase(g.seed(), g.between(2, 12), g.between(1, 5), g.between(0, 3), g.bool(), g.bool(),
                    g.bool(), g.bool(), g.bool(), g.between(0, 2), g.between(0, 5), g.nextLong());
        }

        @Override
        public String toString() {
            return "seed=" + seed + ": " + rows + " rows × " + features + " features, delimiter "
                    + (DELIMITERS[delimiter] == '\t' ? "TAB" : String.valueOf(DELIMITERS[delimiter]))
                    + (header ? ", header" : "") + (crlf ? ", CRLF" : "") + (bom ? ", BOM" : "")
                    + (gzip ? ", gzip" : "") + (regression ? ", regression" : ", classes") + ", skip " + skip
                    + ", label at " + labelAt;
        }
    }

    static Stream<TableCase> tables() {
        return Generator.cases("csv", 200, TableCase::draw);
    }

    @ParameterizedTest(name = Generator.CASE)
    @MethodSource("tables")
    void writtenTablesReadBackExactly(TableCase input) throws IOException {
        int rows = input.rows(), features = input.features(), skip = input.skip();
        boolean header = input.header(), gzip = input.gzip(), regression = input.regression();
        Generator rnd = new Generator(input.data());
        char d = DELIMITERS[input.delimiter()];
        int columns = features + 1;
        int label = Math.min(input.labelAt(), features);   // the label's column index

        float[][] x = new float[rows][features];
        String[] labels = new String[rows];
        float[] targets = new float[rows];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("col" + c + text(rnd, 4));
        }
        String[] classPool = {text(rnd, 5) + "a", text(rnd, 5) + "b", "7", "-1.5", text(rnd, 3) + "c"};
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                x[r][f] = value(rnd);
            }
            labels[r] = classPool[r < 2 ? r : rnd.nextInt(classPool.length)];
            targets[r] = value(rnd);
        }

        String nl = input.crlf() ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder(input.bom() ? "\uFEFF" : "");
        for (int s = 0; s < skip; s++) {
            sb.append("skipped line ").append(s).append(", not a header").append(nl);
        }
        if (header) {
            for (int c = 0; c < columns; c++) {
                sb.append(c > 0 ? String.valueOf(d) : "").append(quoted(names.get(c), d, rnd, true));
            }
            sb.append(nl);
        }
        for (int r = 0; r < rows; r++) {
            if (rnd.nextInt(5) == 0) {
                sb.append(rnd.nextBoolean() ? "" : "  ").append(nl);   // blank lines are skipped
            }
            for (int c = 0, f = 0; c < columns; c++) {
                sb.append(c > 0 ? String.valueOf(d) : "");
                if (c == label) {
                    sb.append(regression ? number(targets[r], rnd) : quoted(labels[r], d, rnd, false));
                } else {
                    sb.append(number(x[r][f++], rnd));
                }
            }
            sb.append(nl);
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempFile("roundtrip", gzip ? ".csv.gz" : ".csv");
        try {
            if (gzip) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (OutputStream z = new GZIPOutputStream(out)) {
                    z.write(bytes);
                }
                bytes = out.toByteArray();
            }
            Files.write(file, bytes);
            CsvFormat fmt = CsvFormat.defaults().withDelimiter(d).withSkipLines(skip).withLabels(label)
                    .withHeader(header ? CsvFormat.Header.YES : CsvFormat.Header.NO);
            CsvData data = CsvReader.read(file, regression ? fmt.regression() : fmt);
            String what = sb.toString().replace("\r", "\\r").replace("\t", "\\t");

            assertEquals(rows, data.rows(), what);
            List<String> wantNames = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                wantNames.add(header ? names.get(c) : "c" + c);
            }
            List<String> wantFeatures = new ArrayList<>(wantNames);
            wantFeatures.remove(label);
            assertEquals(wantFeatures, data.featureNames(), what);
            assertEquals(List.of(wantNames.get(label)), data.targetNames(), what);
            float[] gotX = data.dataset().x();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < features; f++) {
                    if (Float.floatToRawIntBits(gotX[r * features + f]) != Float.floatToRawIntBits(x[r][f])) {
                        fail("row " + r + " feature " + f + ": wrote " + x[r][f] + ", read " + gotX[r * features + f]
                                + " in:\n" + what);
                    }
                }
                if (regression) {
                    float got = data.dataset().y()[r];
                    if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(targets[r])) {
                        fail("row " + r + " target: wrote " + targets[r] + ", read " + got + " in:\n" + what);
                    }
                } else {
                    assertEquals(labels[r], data.classes().name(data.dataset().label(r)), what);
                }
            }
            if (!regression) {
                assertEquals(new HashSet<>(List.of(labels)), new HashSet<>(data.classes().names()), what);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Random text of up to n characters from {@link #ALPHABET} (by code point). */
    static String text(Generator rnd, int n) {
        int[] cps = ALPHABET.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(n + 1); i > 0; i--) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    /** A cell for a text: quoted when it must be (or at random), quotes doubled. */
    static String quoted(String s, char d, Generator rnd, boolean name) {
        boolean must = s.isEmpty() || s.indexOf(d) >= 0 || s.indexOf('"') >= 0 || !s.equals(s.strip())
                || s.startsWith(" ") || (name && CsvCells.numberLike(s));
        if (must || rnd.nextInt(4) == 0) {
            return (rnd.nextBoolean() ? " " : "") + "\"" + s.replace("\"", "\"\"") + "\"" + (rnd.nextBoolean() ? " " : "");
        }
        return s;
    }

    /**
     * A number as Float.toString writes it or as its exact decimal value (plain or with an
     * exponent), sometimes with spaces around it or quoted.
     */
    static String number(float v, Generator rnd) {
        String s = switch (rnd.nextInt(3)) {
            case 0 -> new java.math.BigDecimal(v).toString();
            case 1 -> new java.math.BigDecimal(v).toPlainString();
            default -> Float.toString(v);
        };
        if (v == 0f && Float.floatToRawIntBits(v) != 0) {
            s = "-0.0";   // BigDecimal has no negative zero
        }
        switch (rnd.nextInt(4)) {
            case 0: return " " + s + "  ";
            case 1: return "\"" + s + "\"";
            default: return s;
        }
    }
}
