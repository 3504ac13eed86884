package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * A Spark ML {@link org.apache.spark.ml.Estimator} that trains a regression network (MLP
 * regression, which MLlib does not have) through {@link SparkTrainer}: the same bits as the local
 * trainer. Hidden layers use {@code activation}, the output layer is linear (identity) with the
 * mean squared error; {@code labelCol} is numeric for one output or a vector for several. Params:
 * see {@link #params()}.
 *
 * <p>{@code loss} is {@code mean_squared_error} (the default) or {@code squared_error} (half the
 * summed squares), both on a linear output layer, or {@code binary_cross_entropy} on a sigmoid
 * output layer, for targets in [0, 1] such as rates or probabilities.
 */
public final class BackpropRegressor extends NetworkEstimator<BackpropRegressionModel, BackpropRegressor> {
    private static final long serialVersionUID = 1L;

    /** A regressor with a random uid. */
    public BackpropRegressor() {
        this(Identifiable$.MODULE$.randomUID("backpropRegressor"));
    }

    /**
     * @param uid the stage's uid (Spark copies stages through this constructor)
     */
    public BackpropRegressor(String uid) {
        super(uid, List.of("mean_squared_error", "squared_error", "binary_cross_entropy"));
    }

    /** @return a reader of saved regressors, which Spark finds by this name when it loads a pipeline */
    public static MLReader<BackpropRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a regressor saved by {@code write().save(path)}.
     *
     * @param path the directory it was saved to
     * @return the regressor, with its uid and params
     */
    public static BackpropRegressor load(String path) {
        return read().load(path);
    }

    @Override
    Activation outputActivation(Loss loss) {
        return loss.name().equals("binary_cross_entropy") ? Activation.sigmoid() : Activation.identity();
    }

    @Override
    boolean classification() {
        return false;
    }

    @Override
    BackpropRegressionModel model(Network network, BackpropTrainingSummary summary) {
        return new BackpropRegressionModel(Identifiable$.MODULE$.randomUID("backpropRegressionModel"),
                modelFile(network), summary);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkLayers();
        int[] sizes = $(layers());
        return BackpropRegressionModel.outputSchema(schema, $(predictionCol()), sizes[sizes.length - 1]);
    }

    @Override
    public BackpropRegressor copy(ParamMap extra) {
        return copyValues(new BackpropRegressor(uid()), extra);
    }
}
