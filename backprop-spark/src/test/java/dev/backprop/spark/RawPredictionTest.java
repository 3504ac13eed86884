package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Network;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The classifier's rawPrediction column, and output columns left out by an empty name. */
class RawPredictionTest {

    static float[] floats(Vector v) {
        double[] d = v.toArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void rawPredictionIsTheOutputLayersWeightedInputAndProbabilityItsSoftmax() {
        BackpropClassificationModel model = EstimatorTest.classifier().fit(Frames.classificationFrame());
        Network softmax = model.network();
        Network raw = new Network(softmax.sizes(), Activation.tanh(), Activation.identity());
        raw.setParameters(softmax.parameters());
        List<Row> rows = model.transform(Frames.classificationFrame())
                .select("features", "prediction", "probability", "rawPrediction").collectAsList();
        assertEquals(Frames.CASES, rows.size());
        for (Row row : rows) {
            float[] x = floats((Vector) row.get(0));
            assertArrayEquals(softmax.predict(x), floats((Vector) row.get(2)));
            assertArrayEquals(raw.predict(x), floats((Vector) row.get(3)));
            double[] z = ((Vector) row.get(3)).toArray();
            int best = 0;
            for (int k = 1; k < z.length; k++) {
                best = z[k] > z[best] ? k : best;
            }
            assertEquals(best, row.getDouble(1), 0);
        }
    }

    @Test
    void anEmptyColumnNameLeavesThatColumnOut() {
        Dataset<Row> frame = Frames.classificationFrame();
        BackpropClassificationModel model = EstimatorTest.classifier().setMaxIter(1).setRawPredictionCol("")
                .setProbabilityCol("p").fit(frame);
        assertEquals(List.of("features", "label", "prediction", "p"), List.of(model.transform(frame).columns()));
        model.setPredictionCol("").setRawPredictionCol("z");
        Dataset<Row> out = model.transform(frame);
        assertEquals(List.of("features", "label", "p", "z"), List.of(out.columns()));
        assertEquals(Frames.CASES, out.count());
        model.setProbabilityCol("").setRawPredictionCol("");
        assertEquals(List.of("features", "label"), List.of(model.transform(frame).columns()));
        BackpropRegressionModel r = new BackpropRegressor().setLayers(new int[] {Frames.INPUTS, 2}).setMaxIter(1)
                .setLabelCol("target").setPredictionCol("").fit(Frames.regressionFrame());
        assertEquals(List.of("features", "target"), List.of(r.transform(Frames.regressionFrame()).columns()));
    }
}
