package dev.backprop.io;

import dev.backprop.data.ClassNames;
import dev.backprop.data.CsvData;
import dev.backprop.data.CsvFormat;
import dev.backprop.data.CsvReader;
import dev.backprop.data.Dataset;
import dev.backprop.data.Scaler;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces together: CSV with string labels → scaler fitted on training data → train → model file → same predictions. */
class CsvToModelFileTest {
    @TempDir
    Path dir;

    @Test
    void irisTrainedSavedAndReloadedPredictsTheSameBits() throws IOException {
        Path csv = dir.resolve("iris.csv");
        try (InputStream in = getClass().getResourceAsStream("/dev/backprop/data/iris.csv")) {
            Files.copy(in, csv);
        }
        CsvData data = CsvReader.read(csv, CsvFormat.defaults().withSkipLines(1).withHeader(CsvFormat.Header.NO));
        assertEquals(150, data.rows());
        Dataset[] parts = data.dataset().split(0.3, 4);
        Scaler scaler = Scaler.fit("standard", parts[0]);
        Dataset train = scaled(parts[0], scaler);
        Dataset test = scaled(parts[1], scaler);
        Network net = Network.builder(4).layer(8, Activation.tanh()).layer(3, Activation.softmax()).seed(2).build();
        new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.02f)).batchSize(8).epochs(60)
                .seed(3).build()).fit(net, train);
        double accuracy = Evaluation.of(net, Loss.softmaxCrossEntropy(), test).accuracy();
        assertTrue(accuracy > 0.9, "iris test accuracy " + accuracy);

        Path file = dir.resolve("iris.safetensors");
        ModelFile.save(file, new Model(net, Loss.softmaxCrossEntropy(), data.classes().names(),
                scaler, Map.of("optimizer", "adam"), 2));
        Model back = ModelFile.load(file);
        Scaler restored = back.scaling();
        float[] raw = parts[1].x().clone();
        restored.apply(raw, parts[1].size(), 4);
        assertArrayEquals(test.x(), raw);
        assertArrayEquals(net.predict(rows(test)),
                back.network().predict(rows(test)));
        assertEquals(data.classes().names(), ClassNames.of(back.classNames()).names());
    }

    static Dataset scaled(Dataset d, Scaler s) {
        float[] x = d.x().clone();
        s.apply(x, d.size(), d.inputs());
        return new Dataset(x, d.y(), d.size(), d.inputs(), d.outputs());
    }

    static float[][] rows(Dataset d) {
        float[][] r = new float[d.size()][];
        for (int c = 0; c < d.size(); c++) {
            r[c] = d.input(c);
        }
        return r;
    }
}
