package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFile}: leftovers of killed writers are removed, live writers' kept; permissions kept. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(text.getBytes())));
    }

    @Test
    void aCommitRemovesTheTemporaryFilesOfDeadWritersOfItsTargetOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long live = ProcessHandle.current().pid();
        Path file = dir.resolve("m.safetensors");
        Files.write(dir.resolve(".m.safetensors." + dead + ".5eed.tmp"), new byte[3]);     // killed writer
        Files.write(dir.resolve(".m.safetensors." + live + ".cafe.tmp"), new byte[3]);     // a writer still at work
        Files.write(dir.resolve(".m.safetensors.5eed1e55.tmp"), new byte[3]);              // named without a PID
        Files.write(dir.resolve(".other.safetensors." + dead + ".5eed.tmp"), new byte[3]); // another target's
        write(file, "model");
        assertEquals(List.of(".m.safetensors." + live + ".cafe.tmp", ".other.safetensors." + dead + ".5eed.tmp",
                "m.safetensors"), names());
        assertEquals("model", Files.readString(file));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aReplacedFileKeepsItsPermissions() throws Exception {
        for (String perms : List.of("r--r--r--", "rw-------", "rwxr-x---")) {
            Path file = dir.resolve("f" + perms.hashCode());
            write(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
            write(file, "new");
            assertEquals("new", Files.readString(file));
            assertEquals(perms, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
