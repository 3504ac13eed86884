package dev.backprop;

import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Initializer;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import dev.backprop.train.TrainingListener;
import dev.backprop.train.TrainingSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's library tour, run as written: the fenced block under the tour's heading in README.md
 * is exactly the code between the markers.
 */
class ReadmeTourTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/backprop/ReadmeTourTest.java");
    private static final Path README = Path.of("../README.md");
    private static final String HEADING = "## A tour of the library";
    private static final String INDENT = " ".repeat(8);

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

        // Or step a run by hand: Adam with ε set by name, a listener that sees the live session.
        TrainingConfig byHand = TrainingConfig.builder(Loss.softmaxCrossEntropy(),
                        () -> Adam.builder().learningRate(0.01f).epsilon(1e-7f).build())
                .batchSize(32)
                .seed(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingSession s, double batchError) {
                        if (s.stepCount() % 100 == 0) {
                            System.out.printf("step %d, epoch %d: E per case %.4f%n",
                                    s.stepCount(), s.epoch(), s.epochLoss());
                        }
                    }
                })
                .build();
        Network fresh = Network.builder(64).layer(30, Activation.sigmoid()).layer(10, Activation.softmax())
                .seed(3).build();
        TrainingSession session = new Trainer(byHand).session(fresh, train);
        double lossOver300 = session.steps(300);       // 300 batches; epochs begin as needed
        double byHandAccuracy = Evaluation.of(session.network(), Loss.softmaxCrossEntropy(), test).accuracy();
        // tour:end
        assertTrue(check.passes(1e-6, 1e-4), check.toString());
        assertEquals(300, session.stepCount());
        assertTrue(lossOver300 > 0 && lossOver300 < 1, "E per case over the 300 steps: " + lossOver300);
        assertTrue(byHandAccuracy > 0.9, "accuracy after 300 steps by hand: " + byHandAccuracy);
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
        assertEquals(String.join("\n", sourceTour()), String.join("\n", readmeTour(Files.readAllLines(README))),
                "the fenced block under \"" + HEADING + "\" in README.md must be the code between the tour "
                        + "markers of ReadmeTourTest, line for line");
    }

    @Test
    void aReadmeBlockWithALineMoreOrLessDiffers() throws IOException {
        List<String> readme = Files.readAllLines(README);
        int open = openingFence(readme);
        List<String> longer = new ArrayList<>(readme);
        longer.add(open + 2, "int extra = 0;");
        List<String> shorter = new ArrayList<>(readme);
        shorter.remove(open + 1);
        List<String> tour = sourceTour();
        assertNotEquals(tour, readmeTour(longer));
        assertNotEquals(tour, readmeTour(shorter));
    }

    /** The lines between the tour markers of this file, without the method body's indentation. */
    private static List<String> sourceTour() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int from = indexOfTrimmed(lines, "// tour:start", 0) + 1;
        int to = indexOfTrimmed(lines, "// tour:end", from);
        List<String> tour = new ArrayList<>();
        for (String l : lines.subList(from, to)) {
            if (!l.isBlank() && !l.startsWith(INDENT)) {
                fail("a tour line is indented less than the method body: " + l);
            }
            tour.add(l.isBlank() ? "" : l.substring(INDENT.length()));
        }
        return tour;
    }

    /** The lines of the first fenced Java block after the tour's heading, fences excluded. */
    private static List<String> readmeTour(List<String> readme) {
        int open = openingFence(readme);
        int close = readme.subList(open + 1, readme.size()).indexOf("```");
        assertTrue(close >= 0, "the tour's ```java block in README.md is not closed");
        return List.copyOf(readme.subList(open + 1, open + 1 + close));
    }

    /** The index of the first {@code ```java} line after the tour's heading. */
    private static int openingFence(List<String> readme) {
        int heading = readme.indexOf(HEADING);
        assertTrue(heading >= 0, "README.md has no line \"" + HEADING + "\"");
        int open = readme.subList(heading, readme.size()).indexOf("```java");
        assertTrue(open >= 0, "README.md has no ```java block after \"" + HEADING + "\"");
        return heading + open;
    }

    private static int indexOfTrimmed(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line " + marker + " in " + SOURCE);
    }
}
