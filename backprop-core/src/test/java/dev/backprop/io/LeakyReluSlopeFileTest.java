package dev.backprop.io;

import dev.backprop.data.InputFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A leaky ReLU's slope is stored as the double given, read back exactly, and old files read as 0.01. */
class LeakyReluSlopeFileTest {
    @TempDir
    Path dir;

    /** 0.2 is no float: a slope kept as a float would read back as 0.20000000298023224. */
    static final double SLOPE = 0.2;

    static double slope(Activation a) {
        return ((Activation.LeakyRelu) a).slope();
    }

    @Test
    void aModelFileKeepsTheSlopeExactly() throws IOException {
        assertNotEquals(SLOPE, (double) (float) SLOPE);
        Network net = new Network(new int[] {2, 3, 1}, Activation.leakyRelu(SLOPE), Activation.identity());
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Model.of(net, Loss.squaredError(), 1));
        Model back = ModelFile.load(file);
        assertEquals(SLOPE, slope(back.network().activation(0)));
        assertEquals("leaky_relu(0.2)", back.network().activation(0).name());
        // a slope written in exponent form reads back too
        Network small = new Network(new int[] {2, 1}, Activation.leakyRelu(1e-4));
        ModelFile.save(file, Model.of(small, Loss.squaredError(), 1));
        assertEquals("leaky_relu(1.0E-4)", small.activation(0).name());
        assertEquals(1e-4, slope(ModelFile.load(file).network().activation(0)));
    }

    @Test
    void aCheckpointKeepsTheSlopeExactly() throws IOException {
        Checkpoint s = CheckpointFileTest.sample();
        Network net = new Network(s.network().sizes(), Activation.leakyRelu(SLOPE), Activation.softmax());
        net.setParameters(s.network().parameters());
        Checkpoint c = new Checkpoint(net, s.optimizer(), s.progress(), s.epochs(), s.earlyStopping(), s.settings());
        Path file = dir.resolve("run.ckpt");
        CheckpointFile.save(file, c);
        assertEquals(SLOPE, slope(CheckpointFile.load(file).network().activation(0)));
    }

    /** The 2-2-1 header of the model-file tests with other activations. */
    private Path model(String activations) throws IOException {
        String h = ModelFileBadFileTest.with("sigmoid,sigmoid", activations);
        Path p = dir.resolve("old-" + activations.hashCode() + ".safetensors");
        Files.write(p, ModelFileBadFileTest.file(h, ModelFileBadFileTest.data(9)));
        return p;
    }

    @Test
    void oldFilesReadAsTheDefaultSlope() throws IOException {
        // without a slope, and with the name a float slope of 0.01f was written as
        assertEquals(0.01, slope(ModelFile.load(model("leaky_relu,sigmoid")).network().activation(0)));
        assertEquals(0.01, slope(ModelFile.load(model("leaky_relu(0.01),sigmoid")).network().activation(0)));
        assertEquals(Activation.leakyRelu(), ModelFile.load(model("leaky_relu(0.01),sigmoid")).network().activation(0));
    }

    @Test
    void aBadSlopeInAFileIsOneLineNamingTheField() throws IOException {
        int at = 8 + ModelFileBadFileTest.HEADER.indexOf("\"sigmoid,sigmoid\"");
        for (String[] c : new String[][] {
            {"leaky_relu(-1),sigmoid", "leaky ReLU slope must be finite and >= 0, got -1.0"},
            {"leaky_relu(1e39),sigmoid", "leaky ReLU slope must be within the float32 range, got 1.0E39"},
            {"leaky_relu(x),sigmoid", "activation 'leaky_relu(x)': slope 'x' is not a number"},
        }) {
            Path p = model(c[0]);
            InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFile.load(p));
            assertEquals(p + ": byte " + at + ": expected a valid activation of layer 0: " + c[1], e.getMessage());
        }
    }
}
