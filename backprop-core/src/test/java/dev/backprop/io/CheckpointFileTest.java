package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint files: every field survives a round trip bit for bit; bad files are refused with one clear line. */
class CheckpointFileTest {
    @TempDir
    Path dir;

    private int count;

    /** A checkpoint in the middle of epoch 2 with awkward values in every field. */
    static Checkpoint sample() {
        Network net = Network.builder(3).layer(4, Activation.tanh()).layer(2, Activation.softmax())
                .initializer(Initializer.xavier()).seed(5).build();
        int p = net.layout().size();
        float[] m = new float[p];
        float[] v = new float[p];
        float[] best = new float[p];
        for (int j = 0; j < p; j++) {
            m[j] = j == 0 ? -0f : j == 1 ? Float.MIN_VALUE : 0.1f * j - 1;
            v[j] = Float.MAX_VALUE / (j + 1);
            best[j] = net.parameters()[j] * 0.5f;
        }
        List<EpochRecord> epochs = List.of(
                new EpochRecord(0, 0.7, 0.5, Double.NaN, Double.NaN, 0.1f, 0.25, EpochRecord.checksum(best)),
                new EpochRecord(1, 0.3, 0.75, 0.4, 0.7, 0.07f, 1e-300, EpochRecord.checksum(net.parameters())));
        return new Checkpoint(net, new Checkpoint.OptimizerState("adam(eta=0.1, beta1=0.9, beta2=0.999, epsilon=1.0E-8)",
                123_456_789_012L, new float[][] {m, v}),
                new Checkpoint.Progress(2, 3, 6, new int[] {4, 0, 7, 1, 6, 2, 5, 3}, -0x123456789abcdefL,
                        0.1 + 0.2, 4, 0.049f, 12.5),
                epochs, new Checkpoint.EarlyStopping(0.4, 1, best, false),
                Map.of("seed", "7", "optimizer", "adam(eta=0.1, beta1=0.9, beta2=0.999, epsilon=1.0E-8)",
                        Checkpoint.TRAIN_CASES, "8", "odd \"text\"", "ünïcode, \n"));
    }

    @Test
    void everyFieldSurvivesARoundTripBitForBit() throws IOException {
        Checkpoint c = sample();
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.save(file, c);
        Checkpoint d = CheckpointFile.load(file);
        assertArrayEquals(bits(c.network().parameters()), bits(d.network().parameters()));
        assertEquals(c.network().toString(), d.network().toString());
        assertEquals(c.optimizer().description(), d.optimizer().description());
        assertEquals(c.optimizer().steps(), d.optimizer().steps());
        assertEquals(2, d.optimizer().state().length);
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(bits(c.optimizer().state()[k]), bits(d.optimizer().state()[k]));
        }
        Checkpoint.Progress p = c.progress();
        Checkpoint.Progress q = d.progress();
        assertEquals(List.of(p.epoch(), p.batch(), p.position(), p.epochCorrect()),
                List.of(q.epoch(), q.batch(), q.position(), q.epochCorrect()));
        assertArrayEquals(p.order(), q.order());
        assertEquals(p.rngState(), q.rngState());
        assertEquals(Double.doubleToRawLongBits(p.epochError()), Double.doubleToRawLongBits(q.epochError()));
        assertEquals(Float.floatToRawIntBits(p.learningRate()), Float.floatToRawIntBits(q.learningRate()));
        assertEquals(p.epochSeconds(), q.epochSeconds(), 0);
        assertEquals(c.epochs(), d.epochs());   // records compare doubles by bits: NaN == NaN
        assertEquals(c.earlyStopping().bestLoss(), d.earlyStopping().bestLoss(), 0);
        assertEquals(1, d.earlyStopping().bestEpoch());
        assertArrayEquals(bits(c.earlyStopping().bestParameters()), bits(d.earlyStopping().bestParameters()));
        assertEquals(c.settings(), d.settings());
        assertEquals(0, d.epochsWithoutImprovement());
        assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("\"learning_rate\":\"0.049\""));
    }

    /**
     * A stream gets the bytes a file gets, and reading them back from a stream gives the same
     * checkpoint; a damaged stream is refused in one line naming the source given.
     */
    @Test
    void aStreamHoldsTheFilesBytesAndReadsBackTheSameCheckpoint() throws IOException {
        Checkpoint c = sample();
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.save(file, c);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CheckpointFile.save(out, c);
        byte[] bytes = out.toByteArray();
        assertArrayEquals(Files.readAllBytes(file), bytes);
        Checkpoint d = CheckpointFile.load(new java.io.ByteArrayInputStream(bytes), "hdfs://x/run.ckpt");
        assertArrayEquals(bits(c.network().parameters()), bits(d.network().parameters()));
        assertArrayEquals(bits(c.optimizer().state()[1]), bits(d.optimizer().state()[1]));
        assertArrayEquals(c.progress().order(), d.progress().order());
        assertEquals(c.epochs(), d.epochs());
        assertEquals(c.settings(), d.settings());
        bytes[bytes.length - 1] ^= 1;
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CheckpointFile.load(new java.io.ByteArrayInputStream(bytes), "hdfs://x/run.ckpt"));
        assertTrue(e.getMessage().startsWith("hdfs://x/run.ckpt: byte "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        Checkpoint bad = sample();
        bad.network().parameters()[0] = Float.NaN;
        out.reset();
        assertThrows(IllegalArgumentException.class, () -> CheckpointFile.save(out, bad));
        assertEquals(0, out.size(), "nothing is written");
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int j = 0; j < v.length; j++) {
            b[j] = Float.floatToRawIntBits(v[j]);
        }
        return b;
    }

    @Test
    void numbersThatShortDecimalsWouldRoundAreWrittenExactly() {
        for (double x : new double[] {0.1 + 0.2, Double.MIN_VALUE, -0.0, Math.PI, 1e300, Double.NaN,
            Double.NEGATIVE_INFINITY, Math.nextUp(1.0)}) {
            String s = CheckpointFile.exact(x);
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(s)), s);
        }
        for (float x : new float[] {0.049f, Float.MIN_VALUE, Math.nextDown(1f), 3e38f}) {
            String s = CheckpointFile.exact(x);
            assertEquals(Float.floatToRawIntBits(x), Float.floatToRawIntBits(Float.parseFloat(s)), s);
        }
    }

    @Test
    void savingNonFiniteValuesIsRefusedAndTheOldFileKept() throws IOException {
        Path file = dir.resolve("keep.ckpt");
        Checkpoint good = sample();
        CheckpointFile.save(file, good);
        byte[] before = Files.readAllBytes(file);
        Checkpoint bad = sample();
        bad.optimizer().state()[1][3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.save(file, bad));
        assertTrue(e.getMessage().contains("optimizer state 1, value 3 is NaN"), e.getMessage());
        Checkpoint bad2 = sample();
        bad2.network().parameters()[0] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.save(file, bad2));
        assertTrue(e.getMessage().contains("parameter 0 is Infinity"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file.getFileName().toString()), names());
    }

    @Test
    void aSaveRemovesTemporaryFilesThatAKilledWriterLeftBehind() throws IOException {
        Path file = dir.resolve("run.ckpt");
        Files.write(dir.resolve(".run.ckpt.5eed1e55.tmp"), new byte[10]);
        Files.write(dir.resolve(".other.ckpt.5eed1e55.tmp"), new byte[10]);
        Files.write(dir.resolve(".run.ckpt.notes"), new byte[10]);
        CheckpointFile.save(file, sample());
        assertEquals(List.of(".other.ckpt.5eed1e55.tmp", ".run.ckpt.notes", "run.ckpt"), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------------------- bad files

    /** The sample file split into its header text and data bytes. */
    private record Parts(String header, byte[] data) {
        byte[] bytes() {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length).put(h).put(data).array();
        }

        Parts with(String from, String to) {
            assertTrue(header.contains(from), from + " in " + header);
            return new Parts(header.replace(from, to), data);
        }

        /** File offset of the first byte of {@code text} in the header. */
        long at(String text) {
            int i = header.indexOf(text);
            assertTrue(i >= 0, text);
            return 8L + header.substring(0, i).getBytes(StandardCharsets.UTF_8).length;   // bytes, not chars
        }

        /** File offset of the value of a tensor's header entry. */
        long value(String tensor) {
            return at("\"" + tensor + "\":") + tensor.length() + 3;
        }

        /** File offset of data byte {@code i}. */
        long data(long i) {
            return 8L + header.getBytes(StandardCharsets.UTF_8).length + i;
        }
    }

    private Parts parts() throws IOException {
        Path file = dir.resolve("source.ckpt");
        CheckpointFile.save(file, sample());
        byte[] all = Files.readAllBytes(file);
        Files.delete(file);
        int n = (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return new Parts(new String(all, 8, n, StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(all, 8 + n, all.length));
    }

    /** Asserts the file is refused with one line naming it, the byte offset, "expected" and each fragment. */
    private String refused(byte[] content, long at, String... fragments) throws IOException {
        Path p = dir.resolve("bad-" + (count++) + ".ckpt");
        Files.write(p, content);
        InputFormatException e = assertThrows(InputFormatException.class, () -> CheckpointFile.load(p));
        String m = e.getMessage();
        assertTrue(m.startsWith(p + ": byte " + at + ": expected "), "at " + at + ": " + m);
        assertFalse(m.contains("\n"), m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "'" + f + "' in: " + m);
        }
        return m;
    }

    /**
     * One flipped bit anywhere in the tensors (a weight, the optimizer state, the history, the
     * order) is refused naming the file and the tensor, not resumed as a different run.
     */
    @Test
    void aFlippedBitInAnyTensorIsRefusedNamingTheTensor() throws IOException {
        Parts ok = parts();
        for (String tensor : new String[] {"layers.0.W", "layers.1.b", "optimizer.state.1", "history"}) {
            byte[] flipped = ok.bytes();
            long at = ok.data(begin(ok, tensor));
            flipped[(int) at] ^= 1;   // lowest mantissa bit of the first value: still finite
            refused(flipped, at, "CRC-32C", "stored for tensor \"" + tensor + "\"", "damaged");
        }
        // a swap in "order" keeps it a permutation
        byte[] swapped = ok.bytes();
        int o = (int) ok.data(begin(ok, "order"));
        byte[] first = java.util.Arrays.copyOfRange(swapped, o, o + 4);
        System.arraycopy(swapped, o + 4, swapped, o, 4);
        System.arraycopy(first, 0, swapped, o + 4, 4);
        refused(swapped, o, "stored for tensor \"order\"");
        // the stored checksums themselves are checked
        String crcs = ok.header().replaceAll(".*\"crc32c\":\"([^\"]*)\".*", "$1");
        Parts p = ok.with(crcs, crcs.substring(0, crcs.lastIndexOf(',')));
        refused(p.bytes(), p.at("\"" + crcs.substring(0, crcs.lastIndexOf(','))), "NAME:CRC pairs as crc32c");
        // a checkpoint written before checkpoints stored checksums still loads, with the same values
        p = ok.with("\"crc32c\":\"" + crcs + "\",", "");
        Path old = dir.resolve("without-checksums.ckpt.safetensors");
        Files.write(old, p.bytes());
        Path good = dir.resolve("with-checksums.ckpt.safetensors");
        Files.write(good, ok.bytes());
        Checkpoint a = CheckpointFile.load(old);
        Checkpoint b = CheckpointFile.load(good);
        assertArrayEquals(b.network().parameters(), a.network().parameters());
        assertArrayEquals(b.progress().order(), a.progress().order());
    }

    /** Data offset of a tensor, read from the header. */
    private static long begin(Parts p, String tensor) {
        String key = "\"" + tensor + "\":{\"data_offsets\":[";
        int i = p.header().indexOf(key) + key.length();
        return Long.parseLong(p.header().substring(i, p.header().indexOf(',', i)));
    }

    @Test
    void badFilesAreRefusedWithOneLineNamingTheByteAndWhatWasExpected() throws IOException {
        Parts ok = parts();
        assertEquals(0, begin(ok, "history"), "history first: F64 values 8-byte aligned");
        byte[] good = ok.bytes();
        refused(java.util.Arrays.copyOf(good, 5), 0, "8-byte little-endian safetensors header length");
        refused(java.util.Arrays.copyOf(good, good.length - 4), ok.value("order") + "{\"data_offsets\":".length(),
                "data_offsets of tensor \"order\" within the");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        refused(longer, ok.data(ok.data().length), "1 trailing bytes");
        Parts p = ok.with("\"batch\":\"3\",", "");
        refused(p.bytes(), 8 + ok.header().indexOf("{\"", 1),
                "__metadata__ key \"batch\"");
        p = ok.with("\"batch\":\"3\",", "\"batch\":\"3\",\"colour\":\"red\",");
        refused(p.bytes(), p.at("\"colour\""),
                "only the __metadata__ keys", "\"colour\"");
        p = ok.with("\"epoch\":\"2\"", "\"epoch\":\"two\"");
        refused(p.bytes(), p.at("\"two\""), "a decimal integer as epoch");
        p = ok.with("\"checkpoint_version\":\"1\"", "\"checkpoint_version\":\"2\"");
        refused(p.bytes(), p.at("\"2\""), "checkpoint_version 1", "unknown checkpoint version");
        p = ok.with("\"position\":\"6\"", "\"position\":\"9\"");
        refused(p.bytes(), p.at("\"9\""), "a position of at most 8");
        p = ok.with("\"epoch_correct\":\"4\"", "\"epoch_correct\":\"7\"");
        refused(p.bytes(), p.at("\"7\""), "epoch_correct in [0, 6]");
        p = ok.with("\"epoch_error\":\"0.30000000000000004\"", "\"epoch_error\":\"0,3\"");
        refused(p.bytes(), p.at("\"0,3\""), "a number as epoch_error");
        p = ok.with("\"early_stopping.best_epoch\":\"1\"", "\"early_stopping.best_epoch\":\"2\"");
        refused(p.bytes(), p.at("\"2\",\"early_stopping.best_loss"), "early_stopping.best_epoch in [-1, 1]");
        p = ok.with("\"early_stopping.stopped\":\"false\"", "\"early_stopping.stopped\":\"true\"");
        refused(p.bytes(), p.at("\"true\""), "early_stopping.stopped false for an epoch in progress");
        p = ok.with("\"activations\":\"tanh,softmax\"", "\"activations\":\"tanh,swish\"");
        refused(p.bytes(), p.at("\"tanh,swish\""), "a valid activation of layer 1");
        // the shapes follow the architecture
        p = ok.with("\"architecture\":\"3,4,2\"", "\"architecture\":\"3,5,2\"");
        refused(p.bytes(), p.value("layers.0.W"), "shape [5, 3]", "found [4, 3]");
        p = ok.with("\"optimizer.state_arrays\":\"2\"", "\"optimizer.state_arrays\":\"1\"");
        refused(p.bytes(), p.value("optimizer.state.1"), "only the tensors", "\"optimizer.state.1\"");
        p = ok.with("\"optimizer.state_arrays\":\"2\"", "\"optimizer.state_arrays\":\"3\"");
        refused(p.bytes(), 8, "a tensor \"optimizer.state.2\"");
        p = ok.with("\"order\":{\"data_offsets\":[" + begin(ok, "order") + "," + (begin(ok, "order") + 32)
                + "],\"dtype\":\"I32\"", "\"order\":{\"data_offsets\":[" + begin(ok, "order") + ","
                + (begin(ok, "order") + 32) + "],\"dtype\":\"F32\"");
        refused(p.bytes(), p.value("order"), "dtype \"I32\" for tensor \"order\"");
        p = ok.with("\"dtype\":\"I32\"", "\"dtype\":\"I64\"");
        refused(p.bytes(), p.at("\"I64\""), "dtype \"F32\", \"F64\" or \"I32\"");
        // values
        byte[] twice = ok.bytes();
        long order = begin(ok, "order");
        int o = (int) ok.data(order);
        System.arraycopy(twice, o, twice, o + 4, 4);   // order[1] = order[0]
        refused(twice, ok.data(order + 4), "a permutation of 0..7", "case 4 a second time at index 1");
        byte[] nan = ok.bytes();
        long w = begin(ok, "optimizer.state.0") + 8;
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) ok.data(w), Float.NaN);
        refused(nan, ok.data(w), "finite values, found NaN in tensor \"optimizer.state.0\" at index [2]");
        // not a checkpoint, and not a model
        Path model = dir.resolve("model.safetensors");
        ModelFile.save(model, Model.of(sample().network(), Loss.softmaxCrossEntropy(), 1));
        refused(Files.readAllBytes(model), 8 + "{\"__metadata__\":".length(), "__metadata__ key \"checkpoint_version\"", "ModelFile.load");
        Path ckpt = dir.resolve("run.ckpt");
        CheckpointFile.save(ckpt, sample());
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFile.load(ckpt));
        assertTrue(e.getMessage().startsWith(ckpt + ": byte "), e.getMessage());
    }
}
