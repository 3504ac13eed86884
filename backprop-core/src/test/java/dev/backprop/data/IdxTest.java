package dev.backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(content);
        }
        return p;
    }

    @Test
    void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] data = {0, 1, (byte) 255, 7, 8, 9};
        for (boolean gz : new boolean[] {false, true}) {
            Idx.Array a = Idx.read(write("x" + gz, idx(0x08, new int[] {2, 3}, data), gz));
            assertArrayEquals(new int[] {2, 3}, a.dims());
            assertArrayEquals(new float[] {0, 1, 255, 7, 8, 9}, a.values());
            assertEquals(3, a.itemSize());
        }
    }

    @Test
    void readsOtherTypesBigEndian() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeFloat(1.5f);
        d.writeFloat(-2f);
        assertArrayEquals(new float[] {1.5f, -2f}, Idx.read(write("f", idx(0x0D, new int[] {2}, b.toByteArray()),
                false)).values());
        assertArrayEquals(new float[] {-1, 2}, Idx.read(write("s", idx(0x0B, new int[] {2},
                new byte[] {(byte) 0xff, (byte) 0xff, 0, 2}), false)).values());
    }

    @Test
    void classificationFromImagesAndLabels() throws IOException {
        Path images = write("img", idx(0x08, new int[] {3, 2, 2}, new byte[] {0, 51, 102, (byte) 255, 1, 2, 3, 4,
            5, 6, 7, 8}), true);
        Path labels = write("lab", idx(0x08, new int[] {3}, new byte[] {2, 0, 1}), false);
        Dataset d = Idx.classification(images, labels, 3, 255f);
        assertEquals(3, d.size());
        assertEquals(4, d.inputs());
        assertEquals(0.2f, d.x()[1], 1e-7f);
        assertEquals(2, d.label(0));
        Path bad = write("bad", idx(0x08, new int[] {3}, new byte[] {2, 0, 5}), false);
        InputFormatException e = assertThrows(InputFormatException.class, () -> Idx.classification(images, bad, 3, 1));
        assertEquals(bad + ": byte 10: label 2 is 5.0; expected an integer 0..2", e.getMessage());
        Path two = write("two", idx(0x08, new int[] {2}, new byte[] {2, 0}), false);
        e = assertThrows(InputFormatException.class, () -> Idx.classification(images, two, 3, 1));
        assertEquals(two + ": byte 4: expected 3 labels, one per item of " + images + ", found 2", e.getMessage());
    }

    @Test
    void pixelsAreDividedBy255AsToTensorDoes() throws IOException {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        Path images = write("all", idx(0x08, new int[] {256, 1}, all), false);
        Path labels = write("zeros", idx(0x08, new int[] {256}, new byte[256]), false);
        float[] x = Idx.classification(images, labels, 2, 255f).x();
        int differ = 0;
        for (int b = 0; b < 256; b++) {
            assertEquals(Float.floatToRawIntBits((float) b / 255f), Float.floatToRawIntBits(x[b]), "byte " + b);
            if ((float) b / 255f != b * (1 / 255f)) {
                differ++;
            }
        }
        // 3 / 255f is 0x3C40C0C1; 3 × (1 / 255f) rounds twice and lands one float above, 0x3C40C0C2
        // (126 of the 256 byte values differ so).
        assertEquals(0x3C40C0C1, Float.floatToRawIntBits(x[3]));
        assertEquals(0x3C40C0C2, Float.floatToRawIntBits(3 * (1 / 255f)));
        assertEquals(126, differ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Idx.classification(images, labels, 2, 1 / 255f));
        assertTrue(e.getMessage().startsWith("pixel divisor must be finite and >= 1"), e.getMessage());
    }

    @Test
    void badFilesNameTheFileTheOffsetAndWhatWasExpected() throws IOException {
        String m = message(write("short", new byte[] {0, 0}, false));
        assertTrue(m.contains("short: byte 0") && m.contains("magic"), m);
        m = message(write("magic", new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 5}, false));
        assertTrue(m.contains("byte 0: expected an IDX magic number") && m.contains("01020801"), m);
        m = message(write("type", idx(0x07, new int[] {1}, new byte[] {1}), false));
        assertTrue(m.contains("byte 2: unknown IDX type code 0x07"), m);
        m = message(write("trunc", idx(0x08, new int[] {2, 3}, new byte[] {1, 2, 3}), true));
        assertTrue(m.contains("expected 6 values") && m.contains("ends after 3 values"), m);
        m = message(write("long", idx(0x08, new int[] {2}, new byte[] {1, 2, 3}), false));
        assertTrue(m.contains("byte 10: expected the end of the file"), m);
        m = message(write("huge", idx(0x08, new int[] {65536, 65536, 4}, new byte[0]), false));
        assertTrue(m.contains("byte 8") && m.contains("more than"), m);
        m = message(write("neg", idx(0x08, new int[] {-1}, new byte[0]), false));
        assertTrue(m.contains("dimension 0 is 4294967295"), m);
        m = message(write("dims", new byte[] {0, 0, 8, 3, 0, 0, 0, 1}, false));
        assertTrue(m.contains("byte 8: expected size of dimension 1 of 3"), m);
    }

    static String message(Path p) {
        return assertThrows(InputFormatException.class, () -> Idx.read(p)).getMessage();
    }
}
