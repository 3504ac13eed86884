package dev.backprop.spark;

import dev.backprop.io.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The classifier {@link BackpropClassifier} trained: a Spark ML {@link org.apache.spark.ml.Model}
 * that appends the {@code predictionCol} (the class index, as a double, that
 * {@code backprop predict} names) and the {@code probabilityCol} (the outputs, a vector) to each
 * row, after the model file's input scaling.
 */
public final class BackpropClassificationModel extends NetworkModel<BackpropClassificationModel> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;

    BackpropClassificationModel(String uid, Model file, double[] trainLoss) {
        super(uid, file, trainLoss);
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        setDefault(probabilityCol, "probability");
    }

    /** @return the param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    @Override
    boolean classification() {
        return true;
    }

    static StructType outputSchema(StructType schema, String prediction, String probability) {
        return schema.add(prediction, DataTypes.DoubleType, false).add(probability, SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, $(predictionCol()), $(probabilityCol));
    }

    @Override
    public BackpropClassificationModel copy(ParamMap extra) {
        BackpropClassificationModel copy = new BackpropClassificationModel(uid(), modelFile(), trainLoss());
        return copyValues(copy, extra).setParent(parent());
    }
}
