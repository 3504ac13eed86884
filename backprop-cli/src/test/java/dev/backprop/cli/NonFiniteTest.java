package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Network;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose outputs or scaled inputs leave float32 is refused by every command that runs it, in one line. */
class NonFiniteTest {
    @TempDir
    static Path dir;
    static Path data;
    static Model trained;

    @BeforeAll
    static void train() throws Exception {
        data = Fixtures.blobs(dir, "d.csv", 30, 1);
        Path model = dir.resolve("m.safetensors");
        assertEquals(0, Run.of("train", "--data", data.toString(), "--label-column", "color", "--hidden", "5",
                "--epochs", "1", "--out", model.toString(), "--quiet").code());
        trained = ModelFile.load(model);
    }

    /** The trained model with every weight of its output layer 3e38: z^3 overflows, softmax gives NaN. */
    static Path huge() throws Exception {
        Network net = trained.network().copy();
        float[][] w = new float[3][5];
        for (float[] row : w) {
            Arrays.fill(row, 3e38f);
        }
        net.setWeights(1, w);
        Path p = dir.resolve("huge.safetensors");
        ModelFile.save(p, new Model(net, trained.loss(), trained.classNames(), trained.scaling(), trained.training(),
                trained.seed()));
        return p;
    }

    static void assertRefused(String expected, String... args) {
        Run r = Run.of(args);
        assertEquals(2, r.code(), r::toString);
        assertEquals(List.of(expected), r.errLines(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void nonFiniteOutputsAreRefusedNamingModelCaseAndLayer() throws Exception {
        Path m = huge();
        String d = data.toString();
        String why = " is NaN, not a finite number: the values first overflow float32 in layer 3 of 3 "
                + "(z^3 = W^3 a^2 + b^3, layer 1 the input)";
        assertRefused("backprop predict: " + m + ": its output 1 for row 1 of " + d + why,
                "predict", "--model", m.toString(), "--data", d, "--label-column", "color");
        assertRefused("backprop evaluate: " + m + ": its output 1 for row 1 of " + d + why,
                "evaluate", "--model", m.toString(), "--data", d, "--label-column", "color");
        assertRefused("backprop explain: " + m + ": its output 1 for case 2 of " + d + why,
                "explain", "--model", m.toString(), "--data", d, "--label-column", "color", "--case", "2");
        assertRefused("backprop gradcheck: " + m + ": its output 1 for row 1 of " + d + why,
                "gradcheck", "--model", m.toString(), "--data", d, "--label-column", "color");
        assertRefused("backprop gradcheck: " + m + ": its output 1 for random case 1 (seed 1)" + why,
                "gradcheck", "--model", m.toString());
    }

    @Test
    void anInputTheScalerMakesInfiniteIsRefusedNamingFileRowColumnAndScaler() throws Exception {
        float[] offsets = {-1e9f, 0, 0, 0};
        float[] scales = {Scaler.MIN_SCALE, 1, 1, 1};
        Path p = dir.resolve("far.safetensors");
        ModelFile.save(p, new Model(trained.network(), trained.loss(), trained.classNames(),
                new Scaler(Scaler.MINMAX, offsets, scales), trained.training(), trained.seed()));
        String d = data.toString();
        String why = " row 1, column f1: the model's minmax scaler (x − -1.0E9) / 1.0E-30 makes it Infinity, too far "
                + "from the column's training range for float32";
        assertRefused("backprop predict: " + d + why, "predict", "--model", p.toString(), "--data", d,
                "--label-column", "color");
        assertRefused("backprop evaluate: " + d + why, "evaluate", "--model", p.toString(), "--data", d,
                "--label-column", "color");
    }
}
