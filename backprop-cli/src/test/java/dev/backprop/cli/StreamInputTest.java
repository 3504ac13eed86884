package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data inputs that are not plain files: a FIFO, standard input ({@code -}), a device, and files
 * made to exhaust the reader (one endless line, a gzip bomb); and the input refusals that named
 * the wrong thing. Every input is read once; every refusal is one line.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamInputTest {
    @TempDir
    static Path dir;
    static Path good;
    static byte[] goodBytes;
    static Path model;

    @BeforeAll
    static void trainAModel() throws Exception {
        good = Fixtures.blobs(dir, "good.csv", 60, 3);
        goodBytes = Files.readAllBytes(good);
        model = dir.resolve("good.safetensors");
        Run r = Run.of("train", "--data", good.toString(), "--label-column", "color", "--epochs", "1", "--out",
                model.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
    }

    /** Writes bytes into a FIFO from another thread, once the reader opens it. */
    static CompletableFuture<Void> fifo(Path fifo, byte[] content) throws Exception {
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        return CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Feeds a child's standard input: the bytes, or n copies of one byte when bytes is null. */
    interface Feed {
        void to(OutputStream o) throws IOException;
    }

    /** Runs {@code backprop ARGS} in a child JVM of the given heap, its standard input fed; keeps its stderr. */
    static Run child(String heap, Feed stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try (OutputStream o = p.getOutputStream()) {
            stdin.to(o);
        } catch (IOException e) {
            // the child stopped reading (it refused the input): what it said is in err
        }
        int code = p.waitFor();
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (!line.startsWith("WARNING: Using incubator modules")) {
                sb.append(line).append('\n');
            }
        }
        return new Run(code, Files.readString(out, StandardCharsets.UTF_8), sb.toString());
    }

    static Feed repeated(byte b, long n) {
        return o -> {
            byte[] chunk = new byte[1 << 16];
            Arrays.fill(chunk, b);
            for (long left = n; left > 0; left -= chunk.length) {
                o.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        };
    }

    static void assertRefused(Run r, String line) {
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of(line), r.errLines(), r::toString);
    }

    @Test
    void aFifoIsReadOnceAndTheRunRecordHashesWhatWasRead() throws Exception {
        Path f = dir.resolve("data.fifo");
        CompletableFuture<Void> writer = fifo(f, goodBytes);
        Path out = dir.resolve("fifo.safetensors");
        Run r = Run.of("train", "--data", f.toString(), "--label-column", "color", "--epochs", "1", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        writer.get(30, TimeUnit.SECONDS);
        String record = Files.readString(dir.resolve("fifo.run.json"));
        assertTrue(record.contains("\"sha256\" : \"" + sha256(goodBytes) + "\""), record);
        assertTrue(record.contains("\"bytes\" : " + goodBytes.length), record);
    }

    @Test
    void idxImagesAndLabelsFromFifos() throws Exception {
        Path[] idx = Fixtures.idx(dir, "fifo", 40, 7, true);
        Path images = dir.resolve("images.fifo");
        Path labels = dir.resolve("labels.fifo");
        CompletableFuture<Void> w1 = fifo(images, Files.readAllBytes(idx[0]));
        CompletableFuture<Void> w2 = fifo(labels, Files.readAllBytes(idx[1]));
        Run r = Run.of("train", "--data", images.toString(), "--labels", labels.toString(), "--epochs", "1", "--out",
                dir.resolve("idx-fifo.safetensors").toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        w1.get(30, TimeUnit.SECONDS);
        w2.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aDashReadsStandardInput() throws Exception {
        Run t = child("256m", o -> o.write(goodBytes), "train", "--data", "-", "--label-column", "color", "--epochs",
                "1", "--out", dir.resolve("stdin.safetensors").toString(), "--quiet");
        assertEquals(0, t.code(), t::toString);
        Run p = child("256m", o -> o.write(goodBytes), "predict", "--model", model.toString(), "--data", "-",
                "--label-column", "color", "--out", "-");
        assertEquals(0, p.code(), p::toString);
        assertEquals(61, p.out().split("\n").length, p::toString);
        assertFalse(Files.exists(dir.resolve("-")), "a file named -");
    }

    @Test
    void standardInputIsNotReadTwice() throws Exception {
        String out = dir.resolve("twice.safetensors").toString();
        assertRefused(child("256m", o -> o.write(goodBytes), "train", "--data", "-", "--test", "-", "--label-column",
                "color", "--out", out), "backprop train: the training data and the test data are both '-'; standard "
                + "input can be read only once");
        Path[] idx = Fixtures.idx(dir, "twice", 8, 4, false);
        assertRefused(child("256m", o -> o.write(Files.readAllBytes(idx[0])), "train", "--data", "-", "--labels", "-",
                "--out", out), "backprop train: the images and their labels are both '-'; standard input can be read "
                + "only once");
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void devZeroEndsAtTheLineCapWithOneLine() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
        Path out = dir.resolve("zero.safetensors");
        assertRefused(Run.of("train", "--data", "/dev/zero", "--out", out.toString()), "backprop train: /dev/zero:1: "
                + "line longer than 16777216 bytes; raise --max-line-bytes if this is intended");
        assertRefused(Run.of("evaluate", "--model", model.toString(), "--data", "/dev/zero", "--max-line-bytes",
                "1000"), "backprop evaluate: /dev/zero:1: line longer than 1000 bytes; raise --max-line-bytes if this "
                + "is intended");
        assertFalse(Files.exists(out));
    }

    @Test
    void aModelFromAFifoIsReadOnceAndADeviceIsRefusedAtItsHeaderLength() throws Exception {
        Path f = dir.resolve("model.fifo");
        CompletableFuture<Void> writer = fifo(f, Files.readAllBytes(model));
        Run p = Run.of("predict", "--model", f.toString(), "--data", good.toString(), "--label-column", "color",
                "--out", "-");
        assertEquals(0, p.code(), p::toString);
        assertEquals(61, p.out().split("\n").length, p::toString);
        writer.get(30, TimeUnit.SECONDS);
        assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
        assertRefused(Run.of("evaluate", "--model", "/dev/zero", "--data", good.toString(), "--label-column", "color"),
                "backprop evaluate: /dev/zero: byte 0: expected a header length of 2 to 16777216 bytes (16 MiB; real "
                + "headers are a few KB), found 0");
        Path out = dir.resolve("init-fifo.safetensors");
        Path g = dir.resolve("init.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", g.toString()).start().waitFor() == 0, "needs mkfifo");
        assertRefused(Run.of("train", "--data", good.toString(), "--label-column", "color", "--init", g.toString(),
                "--out", out.toString()), "backprop train: --init " + g + ": expected a regular file; a pipe or device "
                + "can be read only once");
        assertFalse(Files.exists(out));
    }

    @Test
    void aHundredMegabyteLineIsRefusedByASmallHeap() throws Exception {
        Run r = child("64m", repeated((byte) '1', 100L << 20), "train", "--data", "-", "--out",
                dir.resolve("long.safetensors").toString());
        assertRefused(r, "backprop train: standard input:1: line longer than 16777216 bytes; raise --max-line-bytes "
                + "if this is intended");
    }

    @Test
    void aSmallGzipOfOneHugeLineIsRefusedByASmallHeap() throws Exception {
        Path gz = dir.resolve("bomb.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            repeated((byte) 'a', 100L << 20).to(o);
        }
        assertTrue(Files.size(gz) < 1 << 20);
        String out = dir.resolve("bomb.safetensors").toString();
        Run r = child("64m", o -> { }, "train", "--data", gz.toString(), "--out", out);
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("backprop train: " + gz + ": gzip content expands to more than 100 "
                + "times its compressed size ("), r::toString);
        assertTrue(r.errLines().get(0).endsWith("); raise --max-gzip-ratio if this is intended"), r::toString);
        assertRefused(child("64m", o -> { }, "train", "--data", gz.toString(), "--max-gzip-ratio", "5000", "--out",
                out), "backprop train: " + gz + ":1: line longer than 16777216 bytes; raise --max-line-bytes if this is "
                + "intended");
    }

    static Path labels(String name, int... values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000C01);
        d.writeInt(values.length);
        for (int v : values) {
            d.writeInt(v);
        }
        Path p = dir.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    @Test
    void idxLabelsFarPastTheOthersAreRefusedNamingTheItem() throws Exception {
        Path images = Fixtures.idx(dir, "gap", 6, 2, false)[0];
        String out = dir.resolve("gap.safetensors").toString();
        Path l200 = labels("l200.idx", 0, 1, 2, 0, 200, 1);
        assertRefused(Run.of("train", "--data", images.toString(), "--labels", l200.toString(), "--out", out),
                "backprop train: " + l200 + ": byte 24: label 4 is 200, but the labels hold only 4 distinct values; "
                        + "expected class numbers 0..K-1 (at most 8 here), not one far past the others");
        Path l70000 = labels("l70000.idx", 0, 1, 2, 70000, 1, 2);
        assertRefused(Run.of("train", "--data", images.toString(), "--labels", l70000.toString(), "--out", out),
                "backprop train: " + l70000 + ": byte 20: label 3 is 70000, but the labels hold only 4 distinct "
                        + "values; expected class numbers 0..K-1 (at most 8 here), not one far past the others");
    }

    @Test
    void testImagesWithoutLabelsNameTestLabels() throws Exception {
        Path[] idx = Fixtures.idx(dir, "t", 8, 4, false);
        assertRefused(Run.of("train", "--data", idx[0].toString(), "--labels", idx[1].toString(), "--test",
                idx[0].toString(), "--out", dir.resolve("t.safetensors").toString()), "backprop train: " + idx[0]
                + ": is an IDX file; give its labels with --test-labels FILE");
    }

    @Test
    void smallerInputRefusals() throws Exception {
        String out = dir.resolve("small.safetensors").toString();
        Path semi = dir.resolve("semi.csv");
        Files.writeString(semi, "a;b;c\n1;2;x\n3;4;y\n");
        assertRefused(Run.of("train", "--data", semi.toString(), "--out", out), "backprop train: " + semi + ":1: all 1 "
                + "columns are label columns; expected at least one feature column; the line holds ';': if it "
                + "separates the fields, give --delimiter ';'");
        Path magic = dir.resolve("magic.csv");
        Files.write(magic, new byte[] {0x1f, (byte) 0x8b});
        assertRefused(Run.of("train", "--data", magic.toString(), "--out", out), "backprop train: " + magic + ": byte 0: "
                + "gzip header is damaged (the file ends after 2 bytes, within the header); expected a whole gzip "
                + "stream");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(goodBytes);
        }
        Path trailing = dir.resolve("trailing.csv.gz");
        byte[] gz = b.toByteArray();
        Files.write(trailing, Arrays.copyOf(gz, gz.length + 3));
        assertRefused(Run.of("train", "--data", trailing.toString(), "--label-column", "color", "--out", out),
                "backprop train: " + trailing + ": byte " + gz.length + " of the compressed file: expected the end of "
                        + "the file after the gzip stream, found more bytes (not another gzip member)");
        assertFalse(Files.exists(Path.of(out)));
    }
}
