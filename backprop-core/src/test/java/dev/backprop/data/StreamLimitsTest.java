package dev.backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readers as streams read once, within the caps of {@link InputLimits}: an endless line and a
 * gzip bomb are refused with one line before they fill the memory; gzip members are checked to
 * the last byte; a one-column file that holds a semicolon says which delimiter to give.
 */
class StreamLimitsTest {
    static final long MB = 1 << 20;
    static final Path NAME = Path.of("in.csv");

    @TempDir
    Path dir;

    /** 100 MB of one repeated byte, made as it is read, never held. */
    static InputStream endless(byte b, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                Arrays.fill(buf, off, off + k, b);
                left -= k;
                return k;
            }
        };
    }

    static byte[] gzip(InputStream content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b, 1 << 16)) {
            content.transferTo(g);
        }
        return b.toByteArray();
    }

    static long allocatedBy(ThrowingRunnable r) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aHundredMegabyteLineIsRefusedAtTheCapWithoutBeingHeld() throws Exception {
        InputStream line = endless((byte) '7', 100 * MB);
        long allocated = allocatedBy(() -> {
            InputFormatException e = assertThrows(InputFormatException.class,
                    () -> CsvReader.read(line, NAME, CsvFormat.defaults()));
            assertEquals("in.csv:1: line longer than 16777216 bytes; raise --max-line-bytes if this is intended",
                    e.getMessage());
        });
        assertTrue(line.read(new byte[1 << 16]) > 0, "the reader stopped at the cap, not at the end");
        assertTrue(allocated < 64 * MB, "allocated " + allocated + " bytes");
    }

    @Test
    void theLineCapIsSettableAndNamesTheLine() throws Exception {
        byte[] csv = "a,b\n1,x\n123456789012,y\n".getBytes(StandardCharsets.UTF_8);
        CsvFormat f = CsvFormat.defaults().withLimits(new InputLimits(10, 100));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(new ByteArrayInputStream(csv), NAME, f));
        assertEquals("in.csv:3: line longer than 10 bytes; raise --max-line-bytes if this is intended", e.getMessage());
        assertEquals(2, CsvReader.read(new ByteArrayInputStream(csv), NAME,
                CsvFormat.defaults().withLimits(new InputLimits(15, 100))).rows());
    }

    @Test
    void aSmallGzipOfOneHugeLineIsRefusedAtTheLineCap() throws Exception {
        byte[] gz = gzip(endless((byte) 'a', 100 * MB));
        assertTrue(gz.length < MB, gz.length + " bytes");
        long allocated = allocatedBy(() -> {
            InputFormatException e = assertThrows(InputFormatException.class,
                    () -> CsvReader.read(new ByteArrayInputStream(gz), NAME, CsvFormat.defaults()));
            assertTrue(e.getMessage().startsWith("in.csv: gzip content expands to more than 100 times its "
                    + "compressed size"), e.getMessage());
            CsvFormat loose = CsvFormat.defaults().withLimits(new InputLimits(InputLimits.DEFAULT_MAX_LINE_BYTES, 2000));
            e = assertThrows(InputFormatException.class,
                    () -> CsvReader.read(new ByteArrayInputStream(gz), NAME, loose));
            assertEquals("in.csv:1: line longer than 16777216 bytes; raise --max-line-bytes if this is intended",
                    e.getMessage());
        });
        assertTrue(allocated < 64 * MB, "allocated " + allocated + " bytes");
    }

    @Test
    void gzipThatExpandsPastTheRatioIsRefusedAsItIsRead() throws Exception {
        // 4 MB of one short row repeated: about 1000 times smaller compressed
        byte[] rows = "0,1\n1,0\n".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII);
        byte[] gz = gzip(new ByteArrayInputStream(rows));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(new ByteArrayInputStream(gz), NAME, CsvFormat.defaults()));
        assertTrue(e.getMessage().startsWith("in.csv: gzip content expands to more than 100 times its compressed "
                + "size ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); raise --max-gzip-ratio if this is intended"), e.getMessage());
        CsvData ok = CsvReader.read(new ByteArrayInputStream(gz), NAME,
                CsvFormat.defaults().withHeader(CsvFormat.Header.NO).withLimits(new InputLimits(100, 10_000)));
        assertEquals(1 << 20, ok.rows());
        Path idx = dir.resolve("zeros.idx.gz");
        byte[] header = {0, 0, 8, 1, 0, 0x40, 0, 0};
        Files.write(idx, gzip(new java.io.SequenceInputStream(new ByteArrayInputStream(header),
                endless((byte) 0, 4 * MB))));
        InputFormatException i = assertThrows(InputFormatException.class, () -> Idx.read(idx));
        assertTrue(i.getMessage().startsWith(idx + ": gzip content expands to more than 100 times"), i.getMessage());
    }

    @Test
    void bytesAfterTheLastGzipMemberAreRefusedAndMembersAreAllRead() throws Exception {
        byte[] one = gzip(new ByteArrayInputStream("a,b\n1,x\n".getBytes(StandardCharsets.UTF_8)));
        byte[] two = gzip(new ByteArrayInputStream("2,y\n".getBytes(StandardCharsets.UTF_8)));
        byte[] both = Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        assertEquals(2, CsvReader.read(new ByteArrayInputStream(both), NAME, CsvFormat.defaults()).rows());
        byte[] garbage = Arrays.copyOf(both, both.length + 5);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(new ByteArrayInputStream(garbage), NAME, CsvFormat.defaults()));
        assertEquals("in.csv: byte " + both.length + " of the compressed file: expected the end of the file after "
                + "the gzip stream, found more bytes (not another gzip member)", e.getMessage());
        Path idx = dir.resolve("x.idx.gz");
        byte[] plain = {0, 0, 8, 1, 0, 0, 0, 2, 7, 9};
        byte[] gz = gzip(new ByteArrayInputStream(plain));
        Files.write(idx, Arrays.copyOf(gz, gz.length + 1));
        InputFormatException i = assertThrows(InputFormatException.class, () -> Idx.read(idx));
        assertEquals(idx + ": byte " + gz.length + " of the compressed file: expected the end of the file after the "
                + "gzip stream, found more bytes (not another gzip member)", i.getMessage());
    }

    @Test
    void aBareGzipMagicIsRefusedWithARealMessage() throws Exception {
        Path p = dir.resolve("magic.csv");
        Files.write(p, new byte[] {0x1f, (byte) 0x8b});
        InputFormatException e = assertThrows(InputFormatException.class, () -> CsvReader.read(p, CsvFormat.defaults()));
        assertEquals(p + ": byte 0: gzip header is damaged (the file ends after 2 bytes, within the header); expected "
                + "a whole gzip stream", e.getMessage());
        assertEquals(e.getMessage(), assertThrows(InputFormatException.class, () -> Idx.isIdx(p)).getMessage());
    }

    @Test
    void sniffingLeavesTheStreamWhereItWas() throws Exception {
        byte[] plain = {0, 0, 8, 1, 0, 0, 0, 2, 7, 9};
        for (byte[] bytes : new byte[][] {plain, gzip(new ByteArrayInputStream(plain))}) {
            InputStream in = new java.io.BufferedInputStream(new ByteArrayInputStream(bytes));
            assertTrue(Idx.isIdx(in, NAME));
            Idx.Array a = Idx.read(in, NAME, InputLimits.defaults());
            assertArrayEquals(new float[] {7, 9}, a.values());
        }
        InputStream csv = new java.io.BufferedInputStream(new ByteArrayInputStream("a,b\n1,x\n2,y\n".getBytes(
                StandardCharsets.UTF_8)));
        assertFalse(Idx.isIdx(csv, NAME));
        assertEquals(2, CsvReader.read(csv, NAME, CsvFormat.defaults()).rows());
    }

    @Test
    void anIdxStreamOfKnownLengthIsAllocatedOnce() throws Exception {
        int n = 4 << 20;
        byte[] idx = new byte[8 + n];
        java.nio.ByteBuffer.wrap(idx).putInt(0x0801).putInt(n);
        byte[] values = new byte[n];
        new java.util.Random(5).nextBytes(values);
        System.arraycopy(values, 0, idx, 8, n);
        byte[] gz = gzip(new ByteArrayInputStream(idx));
        for (byte[] raw : new byte[][] {idx, gz}) {
            long allocated = allocatedBy(() -> assertEquals(n, Idx.read(new ByteArrayInputStream(raw), NAME,
                    InputLimits.defaults(), raw.length).values().length));
            assertTrue(allocated < 4L * n + 2 * MB, "allocated " + allocated + " bytes for " + 4L * n
                    + " bytes of values");
        }
        byte[] cut = Arrays.copyOf(idx, 1000);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> Idx.read(new ByteArrayInputStream(cut), NAME, InputLimits.defaults(), cut.length));
        assertEquals("in.csv: byte 1000: expected 4194304 values (4194304 bytes) after the header, the file ends "
                + "after 992 values", e.getMessage());
    }

    @Test
    void aOneColumnFileWithSemicolonsOrTabsHintsTheDelimiter() {
        InputFormatException semi = assertThrows(InputFormatException.class, () -> CsvReader.read(
                new ByteArrayInputStream("a;b;c\n1;2;x\n".getBytes(StandardCharsets.UTF_8)), NAME, CsvFormat.defaults()));
        assertEquals("in.csv:1: all 1 columns are label columns; expected at least one feature column; the line holds "
                + "';': if it separates the fields, give --delimiter ';'", semi.getMessage());
        InputFormatException tab = assertThrows(InputFormatException.class, () -> CsvReader.read(
                new ByteArrayInputStream("a\tb\tc\n1\t2\tx\n".getBytes(StandardCharsets.UTF_8)), NAME,
                CsvFormat.defaults()));
        assertTrue(tab.getMessage().endsWith("; the line holds tabs: if it separates the fields, give --delimiter tab"),
                tab.getMessage());
    }

    @Test
    void aTrainingLabelFarPastTheOthersIsRefusedNamingItsItem() throws Exception {
        Path p = dir.resolve("labels.idx");
        Files.write(p, new byte[] {0, 0, 0x0C, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0x11, 0x70, 0, 0,
                0, 1});
        Idx.Array a = Idx.read(p);
        InputFormatException e = assertThrows(InputFormatException.class, () -> Idx.classCount(a, p));
        assertEquals(p + ": byte 20: label 3 is 70000, but the labels hold only 4 distinct values; expected class "
                + "numbers 0..K-1 (at most 8 here), not one far past the others", e.getMessage());
        Idx.Array twoHundred = new Idx.Array(new int[] {4}, new float[] {0, 1, 2, 200}, 1);
        assertTrue(assertThrows(InputFormatException.class, () -> Idx.classCount(twoHundred, p)).getMessage()
                .startsWith(p + ": byte 11: label 3 is 200,"));
        assertEquals(10, Idx.classCount(new Idx.Array(new int[] {5}, new float[] {0, 9, 4, 5, 6}, 1), p),
                "a missing class is allowed");
        assertEquals(2, Idx.classCount(new Idx.Array(new int[] {2}, new float[] {0, 0}, 1), p));
    }
}
