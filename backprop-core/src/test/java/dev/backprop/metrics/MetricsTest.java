package dev.backprop.metrics;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void confusionMatrixMatchesScikitLearnsExample() {
        // sklearn's classification_report docs: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
        // precision 0.50 0.00 1.00, recall 1.00 0.00 0.67, f1 0.67 0.00 0.80, accuracy 0.60.
        ConfusionMatrix cm = new ConfusionMatrix(3);
        int[] t = {0, 1, 2, 2, 2};
        int[] p = {0, 0, 2, 2, 1};
        for (int i = 0; i < t.length; i++) {
            cm.add(t[i], p[i]);
        }
        assertEquals(0.6, cm.accuracy(), 1e-12);
        assertEquals(0.5, cm.precision(0), 1e-12);
        assertEquals(0.0, cm.precision(1), 1e-12);
        assertEquals(1.0, cm.precision(2), 1e-12);
        assertEquals(1.0, cm.recall(0), 1e-12);
        assertEquals(2.0 / 3, cm.recall(2), 1e-12);
        assertEquals(2.0 / 3, cm.f1(0), 1e-12);
        assertEquals(0.0, cm.f1(1), 1e-12);
        assertEquals(0.8, cm.f1(2), 1e-12);
        assertEquals((2.0 / 3 + 0 + 0.8) / 3, cm.macroF1(), 1e-12);
        assertEquals(2, cm.count(2, 2));
        assertTrue(cm.format(new String[] {"ant", "bird", "cat"}).contains("cat"));
    }

    /**
     * Macro F1 follows scikit-learn's f1_score(average="macro"): a class never predicted counts as
     * F1 0, so a model that predicts one class for all of a balanced 3-class set scores 1/6, not
     * the 0.5 of averaging only the defined F1 scores; a class with no case at all is left out.
     */
    @Test
    void macroF1CountsAClassNeverPredictedAsZeroAsScikitLearnDoes() {
        ConfusionMatrix cm = new ConfusionMatrix(4);
        for (int actual = 0; actual < 3; actual++) {
            for (int i = 0; i < 50; i++) {
                cm.add(actual, 0);
            }
        }
        // class 0: TP 50, FP 100 → F1 = 100 / 200 = 0.5; classes 1, 2: F1 0; class 3: no case
        assertEquals((0.5 + 0 + 0) / 3, cm.macroF1(), 1e-15);
        assertTrue(Double.isNaN(new ConfusionMatrix(2).macroF1()));
    }

    @Test
    void regressionMseAndR2() {
        // sklearn r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679; MSE = 0.375
        RegressionMetrics m = new RegressionMetrics(1);
        m.add(new float[] {2.5f, 0f, 2f, 8f}, new float[] {3f, -0.5f, 2f, 7f}, 4);
        assertEquals(0.375, m.mse(), 1e-12);
        assertEquals(0.9486081370449679, m.r2(), 1e-12);
    }

    @Test
    void evaluationOfANetwork() {
        Network net = new Network(new int[] {1, 2}, Activation.softmax());
        net.setWeights(0, new float[][] {{1}, {-1}});   // class 0 for x > 0
        Dataset data = Dataset.classification(new float[][] {{1}, {2}, {-1}, {-3}, {0.5f}}, new int[] {0, 0, 1, 0, 1}, 2);
        Evaluation ev = Evaluation.of(net, Loss.softmaxCrossEntropy(), data);
        assertTrue(ev.isClassification());
        assertEquals(0.6, ev.accuracy(), 1e-12);
        assertEquals(1, ev.confusion().count(0, 1));
        assertEquals(1, ev.confusion().count(1, 0));
        assertTrue(ev.loss() > 0);
        Dataset reg = Dataset.of(new float[][] {{1}, {2}}, new float[][] {{0.5f, 0.5f}, {0.2f, 0.8f}});
        assertFalse(reg.isClassification());
        assertTrue(Double.isNaN(Evaluation.of(net, Loss.squaredError(), reg).accuracy()));
    }
}
