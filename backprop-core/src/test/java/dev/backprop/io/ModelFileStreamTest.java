package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files through streams: the same bytes as a file, and the same checks and messages. */
class ModelFileStreamTest {
    @TempDir
    Path dir;

    @Test
    void aStreamGetsTheBytesOfAFileAndReadsBack() throws IOException {
        Model m = ModelFileTest.model(7);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, m);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.save(out, m);
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray());

        Model back = ModelFile.load(new ByteArrayInputStream(out.toByteArray()), "memory:m");
        assertArrayEquals(ModelFileTest.bits(m.network().parameters()), ModelFileTest.bits(back.network().parameters()));
        assertEquals(m.scaling(), back.scaling());
        assertEquals(m.classNames(), back.classNames());
        assertEquals(m.training(), back.training());
    }

    @Test
    void aStreamReadInSmallPiecesReadsTheSame() throws IOException {
        Model m = ModelFileTest.model(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.save(out, m);
        byte[] bytes = out.toByteArray();
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        Model back = ModelFile.load(trickle, "trickle");
        assertArrayEquals(ModelFileTest.bits(m.network().parameters()), ModelFileTest.bits(back.network().parameters()));
    }

    /** Every bad model file of the corpus is refused from a stream with the message it gets as a file. */
    @Test
    void everyCorpusModelFileGetsItsFileMessageFromAStream() throws IOException, URISyntaxException {
        Path bad = Path.of(getClass().getResource("/dev/backprop/bad/README.md").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(bad)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")
                    && !p.getFileName().toString().startsWith("valid-")).sorted().toList();
        }
        assertTrue(files.size() >= 20, "corpus model files: " + files.size());
        for (Path p : files) {
            String asFile = assertThrows(InputFormatException.class, () -> ModelFile.load(p), p.toString())
                    .getMessage();
            byte[] bytes = Files.readAllBytes(p);
            String asStream = assertThrows(InputFormatException.class,
                    () -> ModelFile.load(new ByteArrayInputStream(bytes), "stream:" + p.getFileName())).getMessage();
            assertEquals(asFile.replace(p.toString(), "stream:" + p.getFileName()), asStream);
        }
    }
}
