package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is refused in one line that names the column (and the row, for a bad value). */
class BadInputTest {

    static String refusal(Network network, org.apache.spark.sql.Dataset<Row> frame, String features, String label) {
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f))
                .epochs(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer(config, 2).fitClassifier(network, frame, features, label));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    static Network network(int inputs) {
        return new Network(new int[] {inputs, 3}, Activation.softmax());
    }

    static org.apache.spark.sql.Dataset<Row> frame(double feature, Object label) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", label instanceof String ? DataTypes.StringType : DataTypes.DoubleType);
        List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2), label instanceof String ? "dog" : 0.0),
                RowFactory.create(Vectors.dense(feature, 2), label));
        return SparkSessions.get().createDataFrame(rows, schema);
    }

    @Test
    void aMissingColumn() {
        assertEquals("features column 'pixels' is not in the data (its columns: features, label)",
                refusal(network(2), frame(1, 1.0), "pixels", "label"));
    }

    @Test
    void aColumnOfTheWrongType() {
        assertEquals("label column 'label' is string; it must be numeric",
                refusal(network(2), frame(1, "cat"), "features", "label"));
        assertEquals("features column 'label' is double; it must be a vector (org.apache.spark.ml.linalg)",
                refusal(network(2), frame(1, 1.0), "label", "label"));
    }

    @Test
    void aFeatureVectorOfAnotherSize() {
        // both rows are bad: whichever task fails first names its row
        String refusal = refusal(network(3), frame(1, 1.0), "features", "label");
        assertTrue(refusal.matches("features column 'features', row [01]: a vector of 2 values; the network takes 3"),
                refusal);
    }

    @Test
    void aLabelOutOfRange() {
        assertEquals("label column 'label', row 1: 3.0 is not a class index 0..2",
                refusal(network(2), frame(1, 3.0), "features", "label"));
        assertEquals("label column 'label', row 1: 1.5 is not a class index 0..2",
                refusal(network(2), frame(1, 1.5), "features", "label"));
    }

    @Test
    void notANumberInAFeature() {
        assertEquals("column 'features', row 1: NaN is not a finite number",
                refusal(network(2), frame(Double.NaN, 1.0), "features", "label"));
    }

    @Test
    void anIndexColumnThatRepeatsOrSkips() {
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new GradientDescent(0.1f))
                .epochs(1).build();
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType).add("id", DataTypes.IntegerType);
        for (int[] ids : new int[][] {{0, 0}, {0, 2}}) {
            var frame = SparkSessions.get().createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2), 0.0, ids[0]),
                    RowFactory.create(Vectors.dense(3, 2), 1.0, ids[1])), schema);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(config, 2)
                    .withIndexCol("id").fitClassifier(network(2), frame, "features", "label"));
            assertEquals(ids[1] == 0 ? "index column 'id': 1 indices repeat; each row needs its own index 0..1"
                    : "index column 'id': 1 of 2 rows have an index outside 0..1", e.getMessage());
        }
    }
}
