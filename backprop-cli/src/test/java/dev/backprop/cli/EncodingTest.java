package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Latin-1 file through {@code backprop train}: refused in one line naming the line and byte
 * instead of merging café and cafè into one class, and read as two classes with {@code --encoding}.
 */
class EncodingTest {
    @TempDir
    Path dir;

    @Test
    void latin1LabelsAreRefusedAsUtf8AndReadWithEncoding() throws Exception {
        StringBuilder text = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            text.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "caf\u00e9" : "caf\u00e8")
                    .append('\n');
        }
        Path data = dir.resolve("latin1.csv");
        Files.write(data, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("m.safetensors");

        Run r = Run.of("train", "--data", data.toString(), "--epochs", "1", "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r::toString);
        assertEquals("backprop train: " + data + ":2: byte 17: expected UTF-8 text, found 0xe9, which is not UTF-8; give the file's "
                + "encoding if it has another (for example ISO-8859-1)", r.err().strip(), r::toString);
        assertFalse(Files.exists(out));

        r = Run.of("train", "--data", data.toString(), "--encoding", "ISO-8859-1", "--epochs", "1", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        r = Run.of("evaluate", "--model", out.toString(), "--data", data.toString(), "--encoding", "latin1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("caf\u00e9") && r.out().contains("caf\u00e8"), r::toString);

        r = Run.of("train", "--data", data.toString(), "--encoding", "klingon", "--out", out.toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals("backprop train: --encoding 'klingon': expected an encoding this Java knows, like UTF-8, "
                + "ISO-8859-1 or windows-1252", r.err().strip(), r::toString);
    }
}
