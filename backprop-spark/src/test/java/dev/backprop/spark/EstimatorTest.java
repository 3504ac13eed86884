package dev.backprop.spark;

import dev.backprop.nn.Network;
import dev.backprop.train.Trainer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BackpropClassifier} and {@link BackpropRegressor} as Spark ML stages: their params, a
 * Pipeline, predictions, and the local bits.
 */
class EstimatorTest {

    static BackpropClassifier classifier() {
        return new BackpropClassifier().setLayers(new int[] {Frames.INPUTS, 9, 3}).setActivation("tanh")
                .setSolver("adam").setStepSize(0.01).setMaxIter(3).setBatchSize(64).setBlockSize(16).setSeed(5);
    }

    @Test
    void paramsAreFoundByNameWithTheirDefaults() {
        BackpropClassifier c = new BackpropClassifier();
        List<String> names = new ArrayList<>();
        for (Param<?> p : c.params()) {
            names.add(p.name());
            assertEquals(c.uid(), p.parent(), p.name());
        }
        assertEquals(List.of("activation", "batchSize", "blockSize", "checkpointInterval", "checkpointPath",
                "featuresCol", "labelCol", "layers", "loss", "maxIter", "predictionCol", "probabilityCol",
                "rawPredictionCol", "resume", "seed", "shuffle", "solver", "stepSize", "tol"), names);
        assertEquals(0.001, (double) c.getOrDefault(c.stepSize()), 0);
        assertEquals(0.5, (double) c.setStepSize(0.5).getOrDefault(c.stepSize()), 0);
        BackpropClassifier copy = c.copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals(c.uid(), copy.uid());
        assertEquals(0.5, (double) copy.getOrDefault(copy.stepSize()), 0);
    }

    @Test
    void fitGivesTheLocalTrainersBits() {
        BackpropClassifier c = classifier();
        Network local = c.initialNetwork();
        double[] loss = new Trainer(c.trainingConfig()).fit(local, Frames.classification()).trainLoss();
        BackpropClassificationModel model = c.fit(Frames.classificationFrame());
        assertArrayEquals(local.parameters(), model.network().parameters());
        assertArrayEquals(loss, model.trainLoss());
    }

    @Test
    void theRegressorHasTheSameParamsButProbabilityCol() {
        List<String> names = new ArrayList<>();
        BackpropRegressor r = new BackpropRegressor();
        for (Param<?> p : r.params()) {
            names.add(p.name());
            assertEquals(r.uid(), p.parent(), p.name());
        }
        assertEquals(List.of("activation", "batchSize", "blockSize", "checkpointInterval", "checkpointPath",
                "featuresCol", "labelCol", "layers", "loss", "maxIter", "predictionCol", "resume", "seed", "shuffle",
                "solver", "stepSize", "tol"), names);
    }

    @Test
    void regressionGivesTheLocalBitsAndPredictsAsTheNetwork() {
        BackpropRegressor r = new BackpropRegressor().setLayers(new int[] {Frames.INPUTS, 9, 2}).setActivation("relu")
                .setSolver("rmsprop").setStepSize(0.01).setMaxIter(3).setBatchSize(48).setBlockSize(16).setSeed(5)
                .setLabelCol("target");
        Network local = r.initialNetwork();
        double[] loss = new Trainer(r.trainingConfig()).fit(local, Frames.regression()).trainLoss();
        var frame = Frames.regressionFrame();
        BackpropRegressionModel model = r.fit(frame);
        assertArrayEquals(local.parameters(), model.network().parameters());
        assertArrayEquals(loss, model.trainLoss());
        for (Row row : model.transform(frame).select("features", "prediction").collectAsList()) {
            double[] f = ((Vector) row.get(0)).toArray();
            float[] in = new float[f.length];
            for (int j = 0; j < f.length; j++) {
                in[j] = (float) f[j];
            }
            float[] p = local.predict(in);
            double[] q = ((Vector) row.get(1)).toArray();
            assertEquals(p.length, q.length);
            for (int k = 0; k < p.length; k++) {
                assertEquals(p[k], (float) q[k], 0f);
            }
        }
    }

    @Test
    void aPipelineWithAssemblerAndScalerPredictsAsTheNetwork() {
        float[] x = Frames.inputs();
        int[] labels = Frames.labels(x);
        List<Row> rows = new ArrayList<>();
        StructType schema = new StructType();
        String[] columns = new String[Frames.INPUTS];
        for (int j = 0; j < Frames.INPUTS; j++) {
            columns[j] = "x" + j;
            schema = schema.add(columns[j], DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.DoubleType);
        for (int c = 0; c < Frames.CASES; c++) {
            Object[] values = new Object[Frames.INPUTS + 1];
            for (int j = 0; j < Frames.INPUTS; j++) {
                values[j] = (double) x[c * Frames.INPUTS + j];
            }
            values[Frames.INPUTS] = (double) labels[c];
            rows.add(RowFactory.create(values));
        }
        var frame = SparkSessions.get().createDataFrame(rows, schema);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features"),
            classifier().setMaxIter(30).setShuffle(false)});
        PipelineModel fitted = pipeline.fit(frame);
        List<Row> out = fitted.transform(frame).select("features", "label", "prediction", "probability")
                .collectAsList();
        Network network = ((BackpropClassificationModel) fitted.stages()[2]).network();
        int correct = 0;
        for (Row row : out) {
            double[] f = ((Vector) row.get(0)).toArray();
            float[] in = new float[f.length];
            for (int j = 0; j < f.length; j++) {
                in[j] = (float) f[j];
            }
            float[] p = network.predict(in);
            double[] q = ((Vector) row.get(3)).toArray();
            for (int k = 0; k < p.length; k++) {
                assertEquals(p[k], (float) q[k], 0f, Arrays.toString(q));
            }
            correct += row.getDouble(2) == row.getDouble(1) ? 1 : 0;
        }
        assertEquals(Frames.CASES, out.size());
        assertTrue(correct > 0.8 * Frames.CASES, correct + " of " + Frames.CASES + " correct");
    }
}
