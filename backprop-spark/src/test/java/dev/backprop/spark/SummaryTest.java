package dev.backprop.spark;

import dev.backprop.nn.Network;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training summary of a fitted model: the local history's figures, the steps, the kernel kind. */
class SummaryTest {

    @Test
    void aClassifiersSummaryHoldsTheLocalHistorysFigures(@TempDir Path dir) throws Exception {
        BackpropClassifier c = EstimatorTest.classifier();
        History local = new Trainer(c.trainingConfig()).fit(c.initialNetwork(), Frames.classification());
        BackpropClassificationModel model = c.fit(Frames.classificationFrame());
        assertTrue(model.hasSummary());
        BackpropTrainingSummary s = model.summary();
        assertArrayEquals(local.trainLoss(), s.objectiveHistory());
        assertArrayEquals(local.epochs().stream().mapToDouble(EpochRecord::trainAccuracy).toArray(),
                s.accuracyHistory());
        for (double a : s.accuracyHistory()) {
            assertTrue(a >= 0 && a <= 1, "accuracy " + a);
        }
        assertEquals(3, s.totalIterations());
        // 203 cases in batches of 64: 4 steps an epoch
        assertEquals(12, s.steps());
        assertEquals(3, s.secondsPerEpoch().length);
        for (double t : s.secondsPerEpoch()) {
            assertTrue(t > 0, "seconds " + t);
        }
        assertEquals(StepTask.kernels().kind(), s.kernelKind());
        assertFalse(s.stoppedEarly());
        assertArrayEquals(s.objectiveHistory(), model.trainLoss());
        assertSame(s, model.copy(new ParamMap()).summary());

        String path = dir.resolve("m").toString();
        model.save(path);
        BackpropClassificationModel loaded = BackpropClassificationModel.load(path);
        assertFalse(loaded.hasSummary());
        assertEquals(0, loaded.trainLoss().length);
        IllegalStateException e = assertThrows(IllegalStateException.class, loaded::summary);
        assertEquals("no training summary for this BackpropClassificationModel: it was loaded or wrapped from a "
                + "model file, which holds none", e.getMessage());
    }

    @Test
    void aRegressorsSummaryHasNoAccuracy() {
        BackpropRegressor r = new BackpropRegressor().setLayers(new int[] {Frames.INPUTS, 4, 2}).setMaxIter(2)
                .setBatchSize(300).setBlockSize(32).setLabelCol("target");
        Network local = r.initialNetwork();
        History h = new Trainer(r.trainingConfig()).fit(local, Frames.regression());
        BackpropTrainingSummary s = r.fit(Frames.regressionFrame()).summary();
        assertArrayEquals(h.trainLoss(), s.objectiveHistory());
        assertEquals(0, s.accuracyHistory().length);
        assertEquals(2, s.totalIterations());
        // full batch: one step an epoch
        assertEquals(2, s.steps());
    }
}
