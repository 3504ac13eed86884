package dev.backprop.metrics;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One definition of a correct case, used for training, validation and test accuracy alike. */
class AccuracyTest {

    @Test
    void aCaseIsCorrectWhenItsLargestOutputIsTheTargetClass() {
        float[] out = {0.1f, 0.7f, 0.2f, /**/ 0.5f, 0.3f, 0.2f, /**/ 0.3f, 0.3f, 0.4f, /**/ 0.4f, 0.4f, 0.2f};
        float[] y = {0f, 1f, 0f, /**/ 0f, 0f, 1f, /**/ 0f, 0f, 1f, /**/ 0f, 1f, 0f};
        // case 3 ties between classes 0 and 1: the first largest wins, so it counts as class 0
        assertEquals(2, Evaluation.correct(out, y, 4, 3));
        assertEquals(1, Evaluation.correct(out, y, 1, 3), "only the first case");
    }

    @Test
    void aSingleOutputPredictsClassOneFromOneHalf() {
        float[] out = {0.5f, 0.49f, 0.9f, 0.1f};
        float[] y = {1f, 1f, 0f, 0f};
        assertEquals(2, Evaluation.correct(out, y, 4, 1));
    }

    @Test
    void validationAccuracyDuringTrainingIsTheEvaluationsAccuracy() {
        float[] x = new float[40 * 2];
        int[] labels = new int[40];
        for (int c = 0; c < 40; c++) {
            x[2 * c] = (c % 7) / 7f;
            x[2 * c + 1] = (c % 5) / 5f;
            labels[c] = (c % 7) / 7f + (c % 5) / 5f > 0.9f ? 1 : 0;
        }
        Dataset train = Dataset.classification(x, labels, 2, 2);
        Dataset[] parts = train.split(0.5, 3);
        Network net = new Network(new int[] {2, 3, 2}, Activation.tanh(), Activation.softmax())
                .initialize(Initializer.xavier(), 2);
        EpochRecord last = new Trainer(TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.2f))
                .batchSize(4).epochs(3).build()).fit(net, parts[0], parts[1]).last();
        Evaluation ev = Evaluation.of(net, Loss.softmaxCrossEntropy(), parts[1]);
        assertEquals(ev.confusion().accuracy(), ev.accuracy());
        assertEquals(ev.accuracy(), last.validationAccuracy());
    }
}
