package dev.backprop.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

import java.util.Arrays;

/**
 * A DataFrame's rows as training cases: (case index, its inputs then its targets as float32). The
 * case index is the row's place in DataFrame order, or the value of an index column when one is
 * given (for data whose order is not kept, for example after a repartition). Bad input is refused
 * in one line naming the column (and the row's case index).
 */
final class Cases {
    private Cases() {
    }

    /**
     * @param frame the data
     * @param featuresCol a column of {@code ml.linalg} vectors of {@code inputs} values
     * @param labelCol with {@code classes} > 0, a numeric column of class indices 0..classes−1
     *        (0 or 1 for one output); else a numeric column (one output) or a vector column of
     *        {@code outputs} values
     * @param inputs values per feature vector
     * @param outputs targets per case
     * @param classification whether the labels are class indices
     * @param indexCol an integer column holding each row's case index 0..n−1, or null for
     *        DataFrame order
     * @return the cases, not yet cached
     */
    static JavaPairRDD<Long, float[]> of(Dataset<Row> frame, String featuresCol, String labelCol, int inputs,
                                         int outputs, boolean classification, String indexCol) {
        StructType schema = frame.schema();
        checkType(schema, featuresCol, "features", true, false);
        boolean vectorLabel = checkType(schema, labelCol, "label", !classification && outputs > 1,
                !classification && outputs == 1);
        if (indexCol == null) {
            return frame.select(featuresCol, labelCol).javaRDD().zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(),
                    values(t._1(), t._2(), featuresCol, labelCol, inputs, outputs, classification, vectorLabel)));
        }
        checkType(schema, indexCol, "index", false, false);
        DataType type = schema.apply(indexCol).dataType();
        if (!type.equals(DataTypes.IntegerType) && !type.equals(DataTypes.LongType)) {
            throw new IllegalArgumentException("index column '" + indexCol + "' is " + type.simpleString()
                    + "; it must be int or bigint");
        }
        return frame.select(featuresCol, labelCol, indexCol).javaRDD().mapToPair(row -> {
            if (row.isNullAt(2)) {
                throw new IllegalArgumentException("index column '" + indexCol + "': null");
            }
            long index = ((Number) row.get(2)).longValue();
            return new Tuple2<>(index, values(row, index, featuresCol, labelCol, inputs, outputs, classification,
                    vectorLabel));
        });
    }

    /**
     * Checks that the case indices are 0..count−1, each once.
     *
     * @param cases the cases
     * @param count their number
     * @param indexCol the column the indices came from, for the message
     */
    static void checkIndices(JavaPairRDD<Long, float[]> cases, long count, String indexCol) {
        long outside = cases.keys().filter(i -> i < 0 || i >= count).count();
        if (outside > 0) {
            throw new IllegalArgumentException("index column '" + indexCol + "': " + outside + " of " + count
                    + " rows have an index outside 0.." + (count - 1));
        }
        long distinct = cases.keys().distinct().count();
        if (distinct != count) {
            throw new IllegalArgumentException("index column '" + indexCol + "': " + (count - distinct)
                    + " indices repeat; each row needs its own index 0.." + (count - 1));
        }
    }

    /** @return whether the column holds vectors: it must if {@code vector}, it may if {@code either} */
    private static boolean checkType(StructType schema, String column, String role, boolean vector, boolean either) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(role + " column '" + column + "' is not in the data (its columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField field = schema.apply(column);
        DataType type = field.dataType();
        boolean isVector = type.equals(SQLDataTypes.VectorType());
        boolean numeric = type instanceof NumericType;
        if (vector ? !isVector : either ? !isVector && !numeric : !numeric) {
            throw new IllegalArgumentException(role + " column '" + column + "' is " + type.simpleString()
                    + "; it must be " + (vector ? "a vector (org.apache.spark.ml.linalg)"
                    : either ? "numeric or a vector" : "numeric"));
        }
        return isVector;
    }

    private static float[] values(Row row, long index, String featuresCol, String labelCol, int inputs, int outputs,
                                  boolean classification, boolean vectorLabel) {
        float[] xy = new float[inputs + outputs];
        Vector x = (Vector) row.get(0);
        if (x == null || x.size() != inputs) {
            throw new IllegalArgumentException("features column '" + featuresCol + "', row " + index + ": "
                    + (x == null ? "null" : "a vector of " + x.size() + " values") + "; the network takes " + inputs);
        }
        for (int j = 0; j < inputs; j++) {
            xy[j] = finite((float) x.apply(j), featuresCol, index);
        }
        if (row.isNullAt(1)) {
            throw new IllegalArgumentException("label column '" + labelCol + "', row " + index + ": null");
        }
        if (vectorLabel) {
            Vector y = (Vector) row.get(1);
            if (y.size() != outputs) {
                throw new IllegalArgumentException("label column '" + labelCol + "', row " + index + ": a vector of "
                        + y.size() + " values; the network has " + outputs + " outputs");
            }
            for (int k = 0; k < outputs; k++) {
                xy[inputs + k] = finite((float) y.apply(k), labelCol, index);
            }
        } else if (classification) {
            double label = ((Number) row.get(1)).doubleValue();
            int classes = outputs == 1 ? 2 : outputs;
            if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
                throw new IllegalArgumentException("label column '" + labelCol + "', row " + index + ": " + label
                        + " is not a class index 0.." + (classes - 1));
            }
            xy[inputs + (outputs == 1 ? 0 : (int) label)] = outputs == 1 ? (float) label : 1f;
        } else {
            xy[inputs] = finite((float) ((Number) row.get(1)).doubleValue(), labelCol, index);
        }
        return xy;
    }

    private static float finite(float v, String column, long index) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("column '" + column + "', row " + index + ": " + v
                    + " is not a finite number");
        }
        return v;
    }
}
