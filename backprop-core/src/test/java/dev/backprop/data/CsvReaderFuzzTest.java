package dev.backprop.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backprop.FuzzFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link CsvReader#read} and {@link CsvReader#readInputs} with arbitrary file content in
 * many formats. The only failure a bad file may cause is an {@link InputFormatException} with one
 * line that names the file; a file that is read must give consistent shapes and finite values.
 *
 * <p>Input layout (so that seeds can be written by hand, see {@code CsvReaderFuzzTestInputs/}):
 * byte 0 and 1 choose the format, byte 2 the prediction options, the rest is the file.
 * <ul>
 * <li>byte 0: bits 0-1 header (YES, NO, AUTO, AUTO); bits 2-4 delimiter
 *     ({@code , ; TAB SPACE | : , ,}); bit 5 regression; bit 6 gzip the file; bit 7 read for
 *     prediction ({@code readInputs}) instead of training</li>
 * <li>byte 1: bits 0-1 skipped lines (0, 0, 1, 2); bit 2 labels by name; bits 3-5 label index
 *     (value − 4, so −4..3); bit 6 a second label column (regression only: by name {@code t}, by
 *     index the first index − 1)</li>
 * <li>byte 2: bits 0-1 prediction width − 1; bit 2 check feature names ({@code a b c d}); bit 3
 *     known classes ({@code 0 1 a}) for prediction; bits 4-5 label name ({@code label y t a}); bit 6
 *     damage the gzip file (position from bytes 1 and 2, bits to flip from byte 1)</li>
 * </ul>
 */
class CsvReaderFuzzTest {
    private static final char[] DELIMITERS = {',', ';', '\t', ' ', '|', ':', ',', ','};
    private static final String[] LABEL_NAMES = {"label", "y", "t", "a"};
    private static final Path FILE = FuzzFiles.temp("fuzz", ".csv");

    @FuzzTest(maxDuration = "3s")
    void csv(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        int b0 = input[0] & 0xff;
        int b1 = input[1] & 0xff;
        int b2 = input[2] & 0xff;
        byte[] content = Arrays.copyOfRange(input, 3, input.length);
        boolean regression = (b0 & 0x20) != 0;
        CsvFormat fmt = CsvFormat.defaults()
                .withHeader(CsvFormat.Header.values()[Math.min(b0 & 3, 2)])
                .withDelimiter(DELIMITERS[(b0 >> 2) & 7])
                .withSkipLines(new int[] {0, 0, 1, 2}[b1 & 3]);
        boolean second = regression && (b1 & 0x40) != 0;
        if ((b1 & 4) != 0) {
            String name = LABEL_NAMES[(b2 >> 4) & 3];
            fmt = second && !name.equals("t") ? fmt.withLabels(name, "t") : fmt.withLabels(name);
        } else {
            int index = ((b1 >> 3) & 7) - 4;
            fmt = second ? fmt.withLabels(index, index - 1) : fmt.withLabels(index);
        }
        fmt = regression ? fmt.regression() : fmt.classification();
        byte[] file = content;
        if ((b0 & 0x40) != 0) {
            file = gzip(content);
            if ((b2 & 0x40) != 0) {
                file[((b1 << 8) | b2) % file.length] ^= (byte) (0x80 | b1);
            }
        }
        Files.write(FILE, file);

        if ((b0 & 0x80) == 0) {
            CsvData d;
            try {
                d = CsvReader.read(FILE, fmt);
            } catch (InputFormatException e) {
                FuzzFiles.assertOneLineNaming(FILE, e);
                return;
            }
            Dataset ds = d.dataset();
            assertEquals(d.rows(), ds.size());
            assertEquals(d.featureNames().size(), ds.inputs());
            assertEquals((long) ds.size() * ds.inputs(), ds.x().length);
            assertEquals((long) ds.size() * ds.outputs(), ds.y().length);
            assertTrue(ds.size() >= 1 && ds.inputs() >= 1);
            FuzzFiles.assertFinite(ds.x());
            FuzzFiles.assertFinite(ds.y());
            if (regression) {
                assertEquals(fmt.labelCount(), ds.outputs());
            } else {
                assertTrue(d.classes().size() >= 2);
                assertEquals(d.classes().size(), ds.outputs());
            }
        } else {
            int width = (b2 & 3) + 1;
            ClassNames classes = (b2 & 8) != 0 ? ClassNames.of(List.of("0", "1", "a")) : null;
            CsvInputs in;
            try {
                if ((b2 & 4) != 0) {
                    in = CsvReader.readInputs(FILE, fmt, List.of("a", "b", "c", "d").subList(0, width), classes);
                } else {
                    in = CsvReader.readInputs(FILE, fmt, width, classes);
                }
            } catch (InputFormatException e) {
                FuzzFiles.assertOneLineNaming(FILE, e);
                return;
            }
            assertEquals(width, in.inputs());
            assertEquals((long) in.rows() * width, in.x().length);
            FuzzFiles.assertFinite(in.x());
            if (in.hasTargets()) {
                assertEquals((long) in.rows() * in.outputs(), in.y().length);
                FuzzFiles.assertFinite(in.y());
            }
        }
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
