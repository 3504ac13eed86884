package dev.backprop.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backprop.FuzzFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link Idx#read}: any content is read or refused with a one-line
 * {@link InputFormatException} naming the file; a file that is read has as many values as its
 * dimensions say.
 *
 * <p>Input layout: byte 0 bit 0 means gzip the file, bit 1 then damage the compressed bytes: byte 1
 * picks the position (modulo the length), byte 2 the bits to flip; the rest, from byte 3, is the
 * file (see {@code IdxFuzzTestInputs/idx/} for seeds). A damaged gzip file may still read when
 * only the header's flags or timestamp were hit, so the checks on success compare the
 * decompressed content only.
 */
class IdxFuzzTest {
    private static final Path FILE = FuzzFiles.temp("fuzz", ".idx");

    @FuzzTest(maxDuration = "3s")
    void idx(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        byte[] content = Arrays.copyOfRange(input, 3, input.length);
        byte[] file = content;
        if ((input[0] & 1) != 0) {
            file = CsvReaderFuzzTest.gzip(content);
            if ((input[0] & 2) != 0) {
                file[(input[1] & 0xff) % file.length] ^= input[2] == 0 ? 1 : input[2];
            }
        }
        Files.write(FILE, file);
        Idx.Array a;
        try {
            a = Idx.read(FILE);
        } catch (InputFormatException e) {
            FuzzFiles.assertOneLineNaming(FILE, e);
            return;
        }
        long count = 1;
        for (int d : a.dims()) {
            assertTrue(d >= 0, Arrays.toString(a.dims()));
            count *= d;
        }
        assertEquals(count, a.values().length);
        assertEquals(content[3] & 0xff, a.dims().length);
        int size = switch (content[2]) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            default -> 8;
        };
        assertEquals(4 + 4L * a.dims().length + count * size, content.length, "the whole file is read");
        FuzzFiles.assertFinite(a.values());
        // the same file as images and as labels: items agree, so only the labels' rank and values,
        // and empty images, can be wrong
        Dataset d;
        try {
            d = Idx.classification(FILE, FILE, 256, 1f);
        } catch (InputFormatException e) {
            FuzzFiles.assertOneLineNaming(FILE, e);
            return;
        }
        assertEquals(a.items(), d.size());
        assertEquals(a.itemSize(), d.inputs());
    }
}
