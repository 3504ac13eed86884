package dev.backprop.spark;

import dev.backprop.nn.Network;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The regressor {@link BackpropRegressor} trained: a Spark ML {@link org.apache.spark.ml.Model}
 * that appends the {@code predictionCol} to each row: the network's output as a double for one
 * output, its outputs as a vector for several.
 */
public final class BackpropRegressionModel extends NetworkModel<BackpropRegressionModel> {
    private static final long serialVersionUID = 1L;

    BackpropRegressionModel(String uid, Network network, double[] trainLoss) {
        super(uid, network, trainLoss);
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
        int[] sizes = network().sizes();
        return outputSchema(schema, $(predictionCol()), sizes[sizes.length - 1]);
    }

    @Override
    public BackpropRegressionModel copy(ParamMap extra) {
        BackpropRegressionModel copy = new BackpropRegressionModel(uid(), network(), trainLoss());
        return copyValues(copy, extra).setParent(parent());
    }
}
