package dev.backprop.cli;

import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A model file with a metadata key of another tool (Hugging Face's {@code format}) works with every reading command. */
class OtherToolsModelTest {
    @Test
    void aModelWithAnotherToolsMetadataIsRead(@TempDir Path dir) throws Exception {
        Path data = Fixtures.blobs(dir, "d.csv", 60, 1);
        Path model = dir.resolve("m.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "1", "--out",
                model.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Model m = ModelFile.load(model);
        Path tagged = dir.resolve("tagged.safetensors");
        ModelFile.save(tagged, new Model(m.network(), m.loss(), m.classNames(), m.scaling(), m.training(), m.seed(),
                Map.of("format", "pt")));
        for (String command : new String[] {"evaluate", "predict"}) {
            r = Run.of(command, "--model", tagged.toString(), "--data", data.toString(), "--label-column", "color");
            assertEquals(0, r.code(), r::toString);
        }
        assertEquals(Map.of("format", "pt"), ModelFile.load(tagged).otherMetadata());
    }
}
