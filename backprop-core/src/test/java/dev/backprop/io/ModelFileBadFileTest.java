package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A corpus of bad model files: each is refused with one line naming the file, the byte and what was expected. */
class ModelFileBadFileTest {
    @TempDir
    Path dir;

    private int count;

    /** The header of a valid 2-2-1 model without scaling; its data is 36 bytes. */
    static final String HEADER = "{\"__metadata__\":{\"activations\":\"sigmoid,sigmoid\",\"architecture\":\"2,2,1\","
            + "\"class_names\":\"[]\",\"format_version\":\"1\",\"loss\":\"squared_error\",\"scaler\":\"none\","
            + "\"seed\":\"1\"},"
            + "\"layers.0.W\":{\"data_offsets\":[0,16],\"dtype\":\"F32\",\"shape\":[2,2]},"
            + "\"layers.0.b\":{\"data_offsets\":[16,24],\"dtype\":\"F32\",\"shape\":[2]},"
            + "\"layers.1.W\":{\"data_offsets\":[24,32],\"dtype\":\"F32\",\"shape\":[1,2]},"
            + "\"layers.1.b\":{\"data_offsets\":[32,36],\"dtype\":\"F32\",\"shape\":[1]}}";

    static byte[] data(int floats) {
        ByteBuffer b = ByteBuffer.allocate(4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < floats; k++) {
            b.putFloat(0.25f * (k + 1));
        }
        return b.array();
    }

    static byte[] file(long headerLength, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(headerLength).put(header).put(data).array();
    }

    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, data);
    }

    static String with(String from, String to) {
        assertTrue(HEADER.contains(from), from);
        return HEADER.replace(from, to);
    }

    private Path write(byte[] content) throws IOException {
        Path p = dir.resolve("bad-" + (count++) + ".safetensors");
        Files.write(p, content);
        return p;
    }

    /** Asserts the file is refused with one line naming it, a byte offset, "expected" and each fragment. */
    private String refused(byte[] content, String... fragments) throws IOException {
        Path p = write(content);
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFile.load(p));
        String m = e.getMessage();
        assertTrue(m.startsWith(p + ": byte "), m);
        assertTrue(m.contains("expected"), m);
        assertFalse(m.contains("\n"), m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "'" + f + "' in: " + m);
        }
        return m;
    }

    @Test
    void theBaseFileIsValid() throws IOException {
        Model m = ModelFile.load(write(file(HEADER, data(9))));
        assertEquals(0.25f, m.network().parameters()[0]);
        assertEquals(Loss.squaredError(), m.loss());
        // and it is what save writes for such a model, but for the padding
        Network net = new Network(new int[] {2, 2, 1}, Activation.sigmoid(), Activation.sigmoid());
        String written = new String(ModelFile.header(Model.of(net, Loss.squaredError(), 1)), StandardCharsets.UTF_8);
        assertEquals(HEADER, written.stripTrailing());
    }

    @Test
    void emptyOrTruncatedLength() throws IOException {
        refused(new byte[0], "byte 0", "8-byte", "only 0 bytes");
        refused(new byte[5], "byte 0", "8-byte", "only 5 bytes");
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        byte[] h = HEADER.getBytes(StandardCharsets.UTF_8);
        refused(file(h.length + 37, h, data(9)), "byte 0", "header length of at most " + (h.length + 36));
    }

    @Test
    void hugeDeclaredHeaderLengthIsNotAllocated() throws IOException {
        byte[] h = HEADER.getBytes(StandardCharsets.UTF_8);
        refused(file(1L << 62, h, data(9)), "byte 0", "found " + (1L << 62));
        refused(file(-1L, h, data(9)), "byte 0", "found 18446744073709551615");
    }

    @Test
    void headerLongerThanTheCapIsNotRead() throws IOException {
        Path p = dir.resolve("sparse.safetensors");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(ModelFile.MAX_HEADER + 1).array());
            f.setLength(8 + ModelFile.MAX_HEADER + 1);
        }
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFile.load(p));
        assertTrue(e.getMessage().startsWith(p + ": byte 0: expected a header length of at most 16777216 bytes"),
                e.getMessage());
    }

    /**
     * Millions of short keys fit in the header cap; the parser stops at the value cap before
     * building them, and the metadata has its own, lower cap.
     */
    @Test
    void headersOfManyKeysAreRefusedBeforeTheyAreBuilt() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int k = 0; k < 1_000_000; k++) {
            many.append(",\"").append(Integer.toString(k, 36)).append("\":\"\"");
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] content = file(with("\"seed\":\"1\"", "\"seed\":\"1\"" + many), data(9));
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        String m = refused(content, "at most 65536 JSON values and keys");
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 200L << 20, "allocated " + allocated + " for a header of " + content.length + " bytes");
        StringBuilder some = new StringBuilder();
        for (int k = 0; k < 1100; k++) {
            some.append(",\"training.k").append(k).append("\":\"\"");
        }
        refused(file(with("\"seed\":\"1\"", "\"seed\":\"1\"" + some), data(9)), "at most 1024 __metadata__ keys",
                "found 1107");
        // what the reader would refuse is never written
        Model ok = ModelFile.load(write(file(HEADER, data(9))));
        java.util.Map<String, String> training = new java.util.HashMap<>();
        for (int k = 0; k < 1100; k++) {
            training.put("k" + k, "");
        }
        Model big = new Model(ok.network(), ok.loss(), ok.classNames(), ok.scaling(), training, 1);
        Path never = dir.resolve("never.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(never, big));
        assertTrue(e.getMessage().contains("1107 metadata keys"), e.getMessage());
        assertFalse(Files.exists(never));
        // a string of class names is parsed no further than the outputs take
        refused(file(with("\"class_names\":\"[]\"", "\"class_names\":\"[" + "\\\"a\\\",".repeat(100_000) + "\\\"b\\\"]\""),
                data(9)), "found more than 2 names");
    }

    @Test
    void strictJsonStrings() throws Exception {
        byte[] ok = "[\"\\ud83d\\ude42 \\\" \\/ \\n\", 0, 12]".getBytes(StandardCharsets.UTF_8);
        Json.Arr a = (Json.Arr) Json.parse(ok, 0, ok.length, Integer.MAX_VALUE);
        assertEquals("\ud83d\ude42 \" / \n", ((Json.Str) a.items().get(0)).value());
        for (String bad : new String[] {"\"\\ud800\"", "\"\\x\"", "\"a\nb\"", "01",
                "{\"a\":1,}", "[1 2]", "null", "\"abc"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThrows(Json.SyntaxError.class, () -> Json.parse(b, 0, b.length, Integer.MAX_VALUE), bad);
        }
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0x80, '"'};
        assertThrows(Json.SyntaxError.class, () -> Json.parse(overlong, 0, overlong.length, Integer.MAX_VALUE));
        byte[] deep = "[".repeat(Json.MAX_DEPTH + 1).getBytes(StandardCharsets.UTF_8);
        Json.SyntaxError e = assertThrows(Json.SyntaxError.class, () -> Json.parse(deep, 0, deep.length, Integer.MAX_VALUE));
        assertTrue(e.expected.contains("nesting"), e.expected);
    }

    @Test
    void invalidJson() throws IOException {
        refused(file("{\"__metadata__\":", new byte[0]), "byte 24", "invalid JSON");
        refused(file(HEADER.substring(0, 40), data(9)), "invalid JSON");
        refused(file(HEADER + "x", data(9)), "end of the JSON text");
        refused(file(with("\"seed\":\"1\"", "\"seed\":true"), data(9)), "invalid JSON");
        refused(file(with("[0,16]", "[0,16.0]"), data(9)), "fraction");
        refused(file(with("[0,16]", "[-0,16]"), data(9)), "non-negative");
        refused(file(with("\"seed\":\"1\"", "\"seed\":\"1\",\"seed\":\"2\""), data(9)), "\"seed\" a second time");
        byte[] h = HEADER.getBytes(StandardCharsets.UTF_8);
        h[HEADER.indexOf("sigmoid")] = (byte) 0xff;
        refused(file(h.length, h, data(9)), "byte " + (8 + HEADER.indexOf("sigmoid")), "UTF-8");
        refused(file("[1,2]", new byte[0]), "byte 8", "JSON object");
    }

    @Test
    void paddedHeaderIsAccepted() throws IOException {
        assertEquals(9, ModelFile.load(write(file(HEADER + "    ", data(9)))).network().parameters().length);
    }

    @Test
    void wrongDtype() throws IOException {
        refused(file(with("[0,16],\"dtype\":\"F32\"", "[0,16],\"dtype\":\"F64\""), data(9)),
                "dtype \"F32\"", "layers.0.W", "\"F64\"");
    }

    @Test
    void shapeThatDisagreesWithTheArchitecture() throws IOException {
        refused(file(with("\"shape\":[2,2]", "\"shape\":[2,3]"), data(9)),
                "shape [2, 2] for tensor \"layers.0.W\"", "2,2,1", "found [2, 3]");
        refused(file(with("\"architecture\":\"2,2,1\"", "\"architecture\":\"2,3,1\""), data(9)),
                "shape [3, 2] for tensor \"layers.0.W\"", "found [2, 2]");
        refused(file(with("\"shape\":[1,2]", "\"shape\":[2]"), data(9)), "layers.1.W", "found [2]");
    }

    @Test
    void hugeArchitectureIsNotAllocated() throws IOException {
        // 2·10^9 parameters would fit a float array; the file's shapes disagree before anything is allocated
        refused(file(with("\"architecture\":\"2,2,1\"", "\"architecture\":\"40000,50000,1\""), data(9)),
                "shape [50000, 40000]");
        refused(file(with("\"architecture\":\"2,2,1\"", "\"architecture\":\"100000,100000,1\""), data(9)),
                "valid architecture", "2^31");
        refused(file(with("\"architecture\":\"2,2,1\"", "\"architecture\":\"2,-2,1\""), data(9)), "architecture");
        refused(file(with("\"architecture\":\"2,2,1\"", "\"architecture\":\"2\""), data(9)), "at least 2");
        refused(file(with("[32,36]", "[32," + (1L << 60) + "]"), data(9)), "within the 36 data bytes");
    }

    @Test
    void overlappingOffsets() throws IOException {
        refused(file(with("[16,24]", "[12,20]"), data(9)), "overlapping", "layers.0.b", "layers.0.W");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        refused(file(with("[32,36]", "[36,40]"), data(10)), "without gaps", "layers.1.b", "from byte 32");
    }

    @Test
    void misalignedOffsets() throws IOException {
        byte[] d = new byte[37];
        refused(file(with("[32,36]", "[33,37]"), d), "aligned to 4 bytes", "layers.1.b");
    }

    @Test
    void dataLengthMismatch() throws IOException {
        refused(file(with("[32,36]", "[32,40]"), data(10)), "4 data bytes", "layers.1.b", "spanning 8");
        refused(file(with("[32,36]", "[32,36]"), data(8)), "within the 32 data bytes", "layers.1.b");
        refused(file(with("[32,36]", "[36,32]"), data(9)), "begin <= end");
    }

    @Test
    void missingTensor() throws IOException {
        String h = with(",\"layers.1.b\":{\"data_offsets\":[32,36],\"dtype\":\"F32\",\"shape\":[1]}", "");
        refused(file(h, data(8)), "byte 8", "tensor \"layers.1.b\" of shape [1]", "has none");
    }

    @Test
    void extraTensor() throws IOException {
        String h = with("\"shape\":[1]}}", "\"shape\":[1]},\"extra\":{\"data_offsets\":[36,40],\"dtype\":\"F32\","
                + "\"shape\":[1]}}");
        refused(file(h, data(10)), "extra tensor \"extra\"");
        // scaler tensors with scaler none are extra too
        String s = with("\"shape\":[1]}}", "\"shape\":[1]},\"scaler.offset\":{\"data_offsets\":[36,44],"
                + "\"dtype\":\"F32\",\"shape\":[2]}}");
        refused(file(s, data(11)), "extra tensor \"scaler.offset\"");
        // and missing when the scaler says minmax
        refused(file(with("\"scaler\":\"none\"", "\"scaler\":\"minmax\""), data(9)), "\"scaler.offset\"", "has none");
    }

    @Test
    void unknownFormatVersion() throws IOException {
        refused(file(with("\"format_version\":\"1\"", "\"format_version\":\"2\""), data(9)),
                "format_version 1", "\"2\"", "unknown model file version");
        refused(file(with("\"format_version\":\"1\",", ""), data(9)), "format_version", "has none");
    }

    @Test
    void metadataChecks() throws IOException {
        refused(file(with("sigmoid,sigmoid", "sigmoid,swish"), data(9)), "unknown activation 'swish'");
        refused(file(with("sigmoid,sigmoid", "sigmoid"), data(9)), "2 activations");
        refused(file(with("squared_error", "hinge"), data(9)), "unknown loss 'hinge'");
        refused(file(with("squared_error", "softmax_cross_entropy"), data(9)), "softmax output");
        refused(file(with("\"scaler\":\"none\"", "\"scaler\":\"robust\""), data(9)), "scaler none, minmax or standard");
        refused(file(with("\"seed\":\"1\"", "\"seed\":\"1.5\""), data(9)), "seed");
        refused(file(with("\"class_names\":\"[]\"", "\"class_names\":\"[1]\""), data(9)), "class_names");
        refused(file(with("\"class_names\":\"[]\"", "\"class_names\":\"cat,dog\""), data(9)), "class_names");
        refused(file(with("\"seed\":\"1\"", "\"seed\":\"1\",\"training.\":\"red\""), data(9)), "\"training.\"",
                "non-empty NAME");
        refused(file(with("\"seed\":\"1\"", "\"seed\":[1]"), data(9)), "a string as the value");
        refused(file(HEADER.replaceFirst("\\{\"__metadata__\":\\{[^}]*\\},", "{"), data(9)), "__metadata__",
                "no Backprop model");
        // training settings come back
        Model m = ModelFile.load(write(file(with("\"seed\":\"1\"", "\"seed\":\"1\",\"training.eta\":\"0.5\""),
                data(9))));
        assertEquals("0.5", m.training().get("eta"));
    }

    /** Other tools' metadata (Hugging Face writes "format") is kept through a load and a save. */
    @Test
    void otherToolsMetadataIsKeptThroughLoadAndSave() throws IOException {
        Path p = write(file(with("\"seed\":\"1\"", "\"seed\":\"1\",\"format\":\"pt\",\"colour\":\"red\""),
                data(9)));
        Model m = ModelFile.load(p);
        assertEquals(java.util.Map.of("format", "pt", "colour", "red"), m.otherMetadata());
        assertTrue(m.training().isEmpty());
        Path again = dir.resolve("again.safetensors");
        ModelFile.save(again, m);
        Model back = ModelFile.load(again);
        assertEquals(m.otherMetadata(), back.otherMetadata());
        assertEquals(java.util.Arrays.toString(m.network().parameters()),
                java.util.Arrays.toString(back.network().parameters()));
        // still strict about what the model needs
        refused(file(with("\"loss\":\"squared_error\",", "\"format\":\"pt\","), data(9)), "\"loss\"", "has none");
        assertThrows(IllegalArgumentException.class, () -> new Model(m.network(), m.loss(), m.classNames(),
                m.scaling(), m.training(), 1, java.util.Map.of("seed", "2")));
    }

    @Test
    void nonFiniteWeight() throws IOException {
        byte[] d = data(9);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
        int n = HEADER.getBytes(StandardCharsets.UTF_8).length;
        refused(file(HEADER, d), "byte " + (8 + n + 4), "finite", "NaN", "layers.0.W", "[0, 1]");
        d = data(9);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putFloat(32, Float.NEGATIVE_INFINITY);
        refused(file(HEADER, d), "layers.1.b", "-Infinity", "[0]");
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] d = new byte[40];
        System.arraycopy(data(9), 0, d, 0, 36);
        int n = HEADER.getBytes(StandardCharsets.UTF_8).length;
        refused(file(HEADER, d), "byte " + (8 + n + 36), "end of the file", "4 trailing bytes");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(dir.resolve("absent")));
        assertFalse(e instanceof InputFormatException);
    }
}
