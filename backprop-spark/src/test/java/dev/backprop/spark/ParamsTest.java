package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Network;
import dev.backprop.train.History;
import dev.backprop.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stages' checked params, {@code loss} and {@code tol}. */
class ParamsTest {

    static void refused(String param, String value, Executable set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set, param + " " + value);
        assertTrue(e.getMessage().endsWith("parameter " + param + " given invalid value " + value + "."),
                e.getMessage());
    }

    @Test
    void aBadValueFailsAtSetWithSparksMessage() {
        BackpropClassifier c = new BackpropClassifier();
        refused("layers", "[7]", () -> c.setLayers(new int[] {7}));
        refused("layers", "[7,0,3]", () -> c.setLayers(new int[] {7, 0, 3}));
        refused("stepSize", "0.0", () -> c.setStepSize(0));
        refused("stepSize", "-0.1", () -> c.setStepSize(-0.1));
        refused("maxIter", "0", () -> c.setMaxIter(0));
        refused("tol", "-1.0E-6", () -> c.setTol(-1e-6));
        refused("batchSize", "0", () -> c.setBatchSize(0));
        refused("blockSize", "0", () -> c.setBlockSize(0));
        refused("activation", "softmax", () -> c.setActivation("softmax"));
        refused("activation", "swish", () -> c.setActivation("swish"));
        refused("solver", "lbfgs", () -> c.setSolver("lbfgs"));
        refused("loss", "hinge", () -> c.setLoss("hinge"));
        refused("loss", "softmax_cross_entropy", () -> new BackpropRegressor().setLoss("softmax_cross_entropy"));
    }

    @Test
    void goodValuesAndTheCoresAliasesAreTaken() {
        BackpropClassifier c = new BackpropClassifier().setLayers(new int[] {7, 1}).setStepSize(1e-9).setMaxIter(1)
                .setTol(0).setBatchSize(1).setBlockSize(1).setActivation("leaky_relu(0.2)").setActivation("Linear")
                .setSolver("sgd").setSolver("nesterov").setLoss("bce").setLoss("ce").setSeed(-3);
        assertEquals("ce", c.getOrDefault(c.loss()));
        new BackpropRegressor().setLoss("sse").setLoss("binary_cross_entropy").setLoss("mse");
    }

    @Test
    void theLossesDefaultsAndOutputLayers() {
        BackpropClassifier c = new BackpropClassifier().setLayers(new int[] {7, 3});
        BackpropRegressor r = new BackpropRegressor().setLayers(new int[] {7, 2});
        assertEquals("softmax_cross_entropy", c.getOrDefault(c.loss()));
        assertEquals("mean_squared_error", r.getOrDefault(r.loss()));
        assertInstanceOf(Activation.Softmax.class, c.initialNetwork().outputActivation());
        assertInstanceOf(Activation.Sigmoid.class, c.setLoss("bce").initialNetwork().outputActivation());
        assertInstanceOf(Activation.Sigmoid.class, c.setLoss("mse").initialNetwork().outputActivation());
        assertInstanceOf(Activation.Identity.class, r.initialNetwork().outputActivation());
        assertInstanceOf(Activation.Identity.class, r.setLoss("sse").initialNetwork().outputActivation());
        assertInstanceOf(Activation.Sigmoid.class, r.setLoss("bce").initialNetwork().outputActivation());
        assertEquals("squared_error", new BackpropRegressor().setLoss("sse").trainingConfig().loss().name());
    }

    @Test
    void aClassifierOnBinaryCrossEntropyGivesTheLocalBitsAndItsModelFileHoldsTheLoss() {
        BackpropClassifier c = EstimatorTest.classifier().setLoss("binary_cross_entropy");
        Network local = c.initialNetwork();
        double[] loss = new Trainer(c.trainingConfig()).fit(local, Frames.classification()).trainLoss();
        BackpropClassificationModel model = c.fit(Frames.classificationFrame());
        assertArrayEquals(local.parameters(), model.network().parameters());
        assertArrayEquals(loss, model.trainLoss());
        assertEquals("binary_cross_entropy", model.modelFile().loss().name());
    }

    @Test
    void aRegressorOnSquaredErrorGivesTheLocalBitsAndItsModelFileHoldsTheLoss() {
        BackpropRegressor r = new BackpropRegressor().setLayers(new int[] {Frames.INPUTS, 5, 2}).setLoss("sse")
                .setSolver("gd").setStepSize(0.05).setMaxIter(2).setBatchSize(64).setBlockSize(16).setLabelCol("target");
        Network local = r.initialNetwork();
        new Trainer(r.trainingConfig()).fit(local, Frames.regression());
        BackpropRegressionModel model = r.fit(Frames.regressionFrame());
        assertArrayEquals(local.parameters(), model.network().parameters());
        assertEquals("squared_error", model.modelFile().loss().name());
    }

    @Test
    void tolStopsTheRunWhenTheLossChangesByLessAndTheSummarySaysSo() {
        BackpropClassifier all = EstimatorTest.classifier().setMaxIter(8).setStepSize(0.001);
        History full = new Trainer(all.trainingConfig()).fit(all.initialNetwork(), Frames.classification());
        double[] e = full.trainLoss();
        // the first epoch from 2 on whose change is below every earlier change; tol between them
        int stopsAt = -1;
        double tol = 0;
        double smallest = Math.abs(e[1] - e[0]);
        for (int t = 2; t < e.length && stopsAt < 0; t++) {
            double d = Math.abs(e[t] - e[t - 1]);
            if (d < smallest) {
                stopsAt = t;
                tol = (d + smallest) / 2;
            }
            smallest = Math.min(smallest, d);
        }
        assertTrue(stopsAt > 0, java.util.Arrays.toString(e));
        BackpropClassifier c = all.setTol(tol);
        Network local = c.initialNetwork();
        History h = new Trainer(c.trainingConfig()).fit(local, Frames.classification());
        BackpropClassificationModel model = c.fit(Frames.classificationFrame());
        assertEquals(stopsAt + 1, h.epochs().size());
        assertTrue(h.stoppedEarly());
        assertEquals(stopsAt + 1, model.summary().totalIterations());
        assertTrue(model.summary().stoppedEarly());
        assertArrayEquals(local.parameters(), model.network().parameters());
        assertArrayEquals(java.util.Arrays.copyOf(e, stopsAt + 1), model.summary().objectiveHistory());
        assertFalse(all.setTol(0).fit(Frames.classificationFrame()).summary().stoppedEarly());
    }
}
