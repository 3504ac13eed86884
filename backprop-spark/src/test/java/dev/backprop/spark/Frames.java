package dev.backprop.spark;

import dev.backprop.data.Dataset;
import dev.backprop.math.Rng;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** Small data sets, as a core {@link Dataset} and as the same rows in a DataFrame. */
final class Frames {
    static final int CASES = 203;
    static final int INPUTS = 7;

    private Frames() {
    }

    /** 203 cases of 7 inputs: 3 classes, and 2 regression targets. */
    static float[] inputs() {
        Rng rng = new Rng(11);
        float[] x = new float[CASES * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static int[] labels(float[] x) {
        int[] labels = new int[CASES];
        for (int c = 0; c < CASES; c++) {
            labels[c] = x[c * INPUTS] > 0.3f ? 0 : x[c * INPUTS + 1] > 0 ? 1 : 2;
        }
        return labels;
    }

    static float[] targets(float[] x) {
        float[] y = new float[CASES * 2];
        for (int c = 0; c < CASES; c++) {
            y[2 * c] = x[c * INPUTS] * 0.5f - x[c * INPUTS + 2];
            y[2 * c + 1] = x[c * INPUTS + 3] * x[c * INPUTS + 4];
        }
        return y;
    }

    static Dataset classification() {
        float[] x = inputs();
        return Dataset.classification(x, labels(x), INPUTS, 3);
    }

    static Dataset regression() {
        float[] x = inputs();
        return new Dataset(x, targets(x), CASES, INPUTS, 2);
    }

    /** The classification cases as rows (features vector, label double), in case order. */
    static org.apache.spark.sql.Dataset<Row> classificationFrame() {
        float[] x = inputs();
        int[] labels = labels(x);
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            rows.add(RowFactory.create(Vectors.dense(row(x, c, INPUTS)), (double) labels[c]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        return SparkSessions.get().createDataFrame(rows, schema);
    }

    /** The classification cases as rows (features vector, label double, id bigint: the case index). */
    static org.apache.spark.sql.Dataset<Row> classificationFrameWithIds() {
        float[] x = inputs();
        int[] labels = labels(x);
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            rows.add(RowFactory.create(Vectors.dense(row(x, c, INPUTS)), (double) labels[c], (long) c));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType)
                .add("id", DataTypes.LongType);
        return SparkSessions.get().createDataFrame(rows, schema);
    }

    /** The regression cases as rows (features vector, target vector), in case order. */
    static org.apache.spark.sql.Dataset<Row> regressionFrame() {
        float[] x = inputs();
        float[] y = targets(x);
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            rows.add(RowFactory.create(Vectors.dense(row(x, c, INPUTS)), Vectors.dense(row(y, c, 2))));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("target", SQLDataTypes.VectorType());
        return SparkSessions.get().createDataFrame(rows, schema);
    }

    static double[] row(float[] v, int c, int width) {
        double[] r = new double[width];
        for (int j = 0; j < width; j++) {
            r[j] = v[c * width + j];
        }
        return r;
    }
}
