package dev.backprop.spark;

import dev.backprop.data.Dataset;
import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.OptimizerSpec;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small classification CSV for {@code SparkTrain}, the flags it is trained with, and the
 * parameters the core's local {@link Trainer} gives on it with train's settings for those flags:
 * min-max scaling, Xavier from the seed, the batch mean, shuffled mini-batches.
 */
final class SubmitData {
    static final int ROWS = 45;
    static final String[] CLASSES = {"a", "b", "c"};

    private SubmitData() {
    }

    /** The flags every run shares (besides --data, --out and --format). */
    static List<String> flags() {
        return List.of("--label-column", "kind", "--hidden", "5", "--activation", "tanh", "--optimizer", "adam",
                "--eta", "0.05", "--epochs", "2", "--batch-size", "16", "--seed", "7", "--partitions", "3", "--quiet");
    }

    /** The cell of row r, feature j: two decimals, so that every reader parses the same float. */
    static String cell(int r, int j) {
        return String.format(Locale.ROOT, "%.2f", ((r * 37 + j * 11) % 29) / 7.0 - 1.5 + j);
    }

    static int label(int r) {
        return (r * 7 + r / 5) % 3;
    }

    /** Writes the CSV: a header, three features, the class name last. */
    static Path csv(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("x0,x1,x2,kind\n");
        for (int r = 0; r < ROWS; r++) {
            sb.append(cell(r, 0)).append(',').append(cell(r, 1)).append(',').append(cell(r, 2)).append(',')
                    .append(CLASSES[label(r)]).append('\n');
        }
        return Files.writeString(dir.resolve("data.csv"), sb.toString());
    }

    /** Writes the same cases as LibSVM, the classes as 0, 1, 2 (the order of a, b, c). */
    static Path libsvm(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            lines.add(label(r) + " 1:" + cell(r, 0) + " 2:" + cell(r, 1) + " 3:" + cell(r, 2));
        }
        return Files.write(dir.resolve("data.libsvm"), lines);
    }

    /** @return the local trainer's parameters on these cases with the flags' settings */
    static float[] localParameters() {
        float[][] x = new float[ROWS][3];
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < 3; j++) {
                x[r][j] = Float.parseFloat(cell(r, j));
            }
            labels[r] = label(r);
        }
        Dataset data = Dataset.classification(x, labels, 3);
        Scaler.fitMinMax(data).apply(data.x(), data.size(), data.inputs());
        Network net = new Network(new int[] {3, 5, 3}, new Activation[] {Activation.tanh(), Activation.softmax()})
                .initialize(Initializer.xavier(), 7);
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), OptimizerSpec.of("adam", 0.05f)
                .build()).epochs(2).batchSize(16).shuffle(true).seed(7).averageGradient(true).build();
        new Trainer(config).fit(net, data);
        return net.parameters();
    }
}
