package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.output.PendingFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PendingFiles#commit()} when a move fails midway: the files moved before it are put back
 * (an old file restored, a new one removed) and the one-line message says so.
 */
class PendingFilesCommitTest {

    private static void write(PendingFiles files, Path file, String text) throws IOException {
        files.write(file, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMoveThatFailsMidwayPutsBackTheFilesMovedBeforeIt(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        Path record = dir.resolve("m.run.json");
        Path plot = dir.resolve("curves.png");
        Path after = dir.resolve("test.csv");
        Files.writeString(model, "old model");
        IOException e;
        try (PendingFiles files = new PendingFiles()) {
            write(files, model, "new model");
            write(files, record, "new record");
            write(files, plot, "new plot");
            write(files, after, "new csv");
            // the plot's target becomes a folder with a file in it: no file can be moved over it
            Files.createDirectory(plot);
            Files.writeString(plot.resolve("x"), "x");
            e = assertThrows(IOException.class, files::commit);
        }
        assertEquals("old model", Files.readString(model), "the old model is put back");
        assertFalse(Files.exists(record), "the new run record, which had no old file, is removed");
        assertFalse(Files.exists(after), "the output after the failed one is not moved");
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("writing " + plot + ": "), m);
        assertTrue(m.contains("the old " + model + " put back") && m.contains("the new " + record + " removed")
                && m.contains("the outputs after it were not replaced"), m);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("curves.png", "m.safetensors"), s.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no temporary file or kept link left");
        }
    }
}
