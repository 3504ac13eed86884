package dev.backprop.spark;

import dev.backprop.io.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The regressor {@link BackpropRegressor} trained: a Spark ML {@link org.apache.spark.ml.Model}
 * that appends the {@code predictionCol} to each row, after the model file's input scaling: the
 * network's output as a double for one output, its outputs as a vector for several.
 */
public final class BackpropRegressionModel extends NetworkModel<BackpropRegressionModel> {
    private static final long serialVersionUID = 1L;

    BackpropRegressionModel(String uid, Model file, double[] trainLoss) {
        super(uid, file, trainLoss);
    }

    @Override
    boolean classification() {
        return false;
    }

    static StructType outputSchema(StructType schema, String prediction, int outputs) {
        return schema.add(prediction, outputs == 1 ? DataTypes.DoubleType : SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, $(predictionCol()), modelFile().network().outputSize());
    }

    @Override
    public BackpropRegressionModel copy(ParamMap extra) {
        BackpropRegressionModel copy = new BackpropRegressionModel(uid(), modelFile(), trainLoss());
        return copyValues(copy, extra).setParent(parent());
    }
}
