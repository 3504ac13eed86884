package dev.backprop;

import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Initializer;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library tour, run as written: the code between the markers must appear in README.md. */
class ReadmeTourTest {

    static double tour(float[][] pixels, int[] labels) {
        // tour:start
        // 1797 digits: 64 pixels each, labels 0..9; a seeded 75/25 split.
        Dataset[] parts = Dataset.classification(pixels, labels, 10).split(0.25, 7);
        Dataset train = parts[0], test = parts[1];

        // A network 64-30-10. Layer i holds W (units × inputs), the seed's orientation.
        Network net = Network.builder(64)
                .layer(30, Activation.sigmoid())
                .layer(10, Activation.softmax())
                .initializer(Initializer.xavier())
                .seed(42)
                .build();

        // Mini-batch gradient descent on the batch mean (Nielsen's η/m), 10% held out for validation.
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.5f))
                .averageGradient(true)
                .batchSize(10)
                .epochs(30)
                .validationSplit(0.1)
                .seed(1)
                .build();
        History history = new Trainer(config).fit(net, train);
        System.out.println("last epoch: " + history.last());

        // Evaluate on the test cases: loss, accuracy, confusion matrix, precision/recall/F1.
        Evaluation result = Evaluation.of(net, Loss.softmaxCrossEntropy(), test);
        System.out.println(result.confusion());

        // Check the gradients on 5 cases: backprop vs finite differences, float32 vs the double reference.
        Dataset five = test.subset(new int[] {0, 1, 2, 3, 4});
        GradientCheckReport check = new GradientCheck().run(net, Loss.softmaxCrossEntropy(), five.x(), five.y(), 5);
        System.out.println(check);
        // tour:end
        assertTrue(check.passes(1e-6, 1e-4), check.toString());
        return result.accuracy();
    }

    @Test
    void theTourRunsAndLearnsTheDigits() {
        Dataset d = TestData.digits();
        float[][] pixels = new float[d.size()][];
        int[] labels = new int[d.size()];
        for (int c = 0; c < d.size(); c++) {
            pixels[c] = d.input(c);
            labels[c] = d.label(c);
        }
        double accuracy = tour(pixels, labels);
        assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
    }

    @Test
    void theReadmeShowsTheTourAsRun() throws IOException {
        Path source = Path.of("src/test/java/dev/backprop/ReadmeTourTest.java");
        List<String> lines = Files.readAllLines(source);
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("// tour:start")) {
                from = i + 1;
            } else if (lines.get(i).trim().equals("// tour:end")) {
                to = i;
            }
        }
        String tour = lines.subList(from, to).stream().map(l -> l.length() >= 8 ? l.substring(8) : l.trim())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(tour), "README.md must contain the tour exactly as in ReadmeTourTest:\n" + tour);
    }
}
