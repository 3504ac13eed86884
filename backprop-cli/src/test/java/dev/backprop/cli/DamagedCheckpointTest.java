package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --resume} from a checkpoint with one flipped bit in a weight: refused in one line, nothing written. */
class DamagedCheckpointTest {
    @Test
    void aFlippedBitInTheCheckpointIsRefusedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 300, 2);
        Path out = dir.resolve("m.safetensors");
        Path ckpt = dir.resolve("m.ckpt");
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--label-column", "color",
                "--epochs", "2", "--batch-size", "10", "--checkpoint-every", "5", "--out", out.toString(), "--quiet"));
        assertEquals(0, Run.of(a.toArray(new String[0])).code());
        Files.delete(out);

        byte[] b = Files.readAllBytes(ckpt);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(b, 8, n, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"layers\\.0\\.W\":\\{\"data_offsets\":\\[(\\d+),").matcher(header);
        assertTrue(m.find(), header);
        int at = 8 + n + Integer.parseInt(m.group(1));
        b[at] ^= 1;   // the lowest mantissa bit of the first weight: a finite value still
        Files.write(ckpt, b);

        a.addAll(List.of("--resume", ckpt.toString()));
        Run r = Run.of(a.toArray(new String[0]));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("backprop train: " + ckpt + ": byte " + at + ": expected the CRC-32C "),
                r::toString);
        assertTrue(r.errLines().get(0).contains("stored for tensor \"layers.0.W\""), r::toString);
        assertFalse(Files.exists(out), "no model written");
    }
}
