package dev.backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one gzip sniffer: by the magic bytes, not the name; and IDX told from CSV after gunzip. */
class GzipTest {
    @TempDir
    Path dir;

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(content);
        }
        return b.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] readAll(Path p) throws IOException {
        try (InputStream in = Gzip.open(p)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theMagicBytesDecideNotTheName() throws IOException {
        byte[] text = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, readAll(write("packed.csv", gzip(text))));
        assertArrayEquals(text, readAll(write("plain.csv.gz", text)));
        byte[] justMagic = {0x1f, (byte) 0x8b};
        assertTrue(Gzip.gzipped(write("magic", justMagic)));
        assertFalse(Gzip.gzipped(write("half", new byte[] {0x1f})));
        assertFalse(Gzip.gzipped(write("empty", new byte[0])));
        assertArrayEquals(new byte[0], readAll(dir.resolve("empty")));
    }

    @Test
    void idxIsToldFromCsvAfterGunzip() throws IOException {
        byte[] idx = {0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9};
        byte[] csv = "0,0,8\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(Idx.isIdx(write("images", idx)));
        assertTrue(Idx.isIdx(write("images.gz", gzip(idx))));
        assertFalse(Idx.isIdx(write("data.csv", csv)));
        assertFalse(Idx.isIdx(write("data.csv.gz", gzip(csv))));
        assertFalse(Idx.isIdx(write("unknown-type", new byte[] {0, 0, 0x07, 1})));
        assertFalse(Idx.isIdx(write("short", new byte[] {0, 0, 0x08})));
    }

    @Test
    void onlyTheFirstBytesAreDecompressedToTellIdx() throws IOException {
        // damage after the first bytes is the IDX reader's to report, with its offset; sniffing
        // must not run into it, as a buffered read of the first bytes would
        byte[] damaged = gzip(IdxTestBytes.IMAGES);
        damaged[100] ^= 0x55;
        try (InputStream ahead = new java.io.BufferedInputStream(new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(damaged)), 1 << 16)) {
            assertThrows(java.util.zip.ZipException.class, () -> ahead.readNBytes(4), "the damage is in the first 64 KiB");
        }
        Path p = write("damaged-data.idx.gz", damaged);
        assertTrue(Idx.isIdx(p));
        InputFormatException e = assertThrows(InputFormatException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().contains("compressed data is damaged"), e.getMessage());
    }

    @Test
    void aDamagedHeaderOrAMissingFileIsOneLineNamingTheFile() throws IOException {
        Path p = write("bad.gz", new byte[] {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0});
        InputFormatException e = assertThrows(InputFormatException.class, () -> Idx.isIdx(p));
        assertEquals(p + ": byte 0: gzip header is damaged (Unsupported compression method)", e.getMessage());
        assertEquals(e.getMessage(), assertThrows(InputFormatException.class, () -> Gzip.open(p)).getMessage());
        Path none = dir.resolve("none");
        NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> Gzip.open(none));
        assertEquals(none + ": no such file", n.getMessage());
    }

    /** An IDX file of 100 000 patterned bytes: its deflate stream runs far beyond its first four bytes. */
    static final class IdxTestBytes {
        static final byte[] IMAGES = new byte[12 + 100_000];

        static {
            java.nio.ByteBuffer.wrap(IMAGES).putInt(0x0802).putInt(10_000).putInt(10);
            for (int i = 12; i < IMAGES.length; i++) {
                IMAGES[i] = (byte) ((i * 7) % 251 + i / 1000);
            }
        }

        private IdxTestBytes() {
        }
    }
}
