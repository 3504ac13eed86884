package dev.backprop.spark;

import dev.backprop.io.Model;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The regressor {@link BackpropRegressor} trained, or a regression model file wrapped
 * ({@link #fromModelFile}): a Spark ML {@link org.apache.spark.ml.Model} that appends the
 * {@code predictionCol} to each row, after the model file's input scaling: the network's output
 * as a double for one output, its outputs as a vector for several. Saved with
 * {@code write().save(path)} and loaded with {@link #load(String)}, alone or in a
 * {@link org.apache.spark.ml.PipelineModel}; the network lies in
 * {@code path/data/model.safetensors}, a model file as {@code backprop train} writes it.
 */
public final class BackpropRegressionModel extends NetworkModel<BackpropRegressionModel> {
    private static final long serialVersionUID = 1L;

    BackpropRegressionModel(String uid, Model file, BackpropTrainingSummary summary) {
        super(uid, file, summary);
    }

    /**
     * Wraps a regression model file, as {@code backprop train} writes it, with default params.
     * The path is read through Hadoop's file system, with the active session's configuration.
     *
     * @param path the model file
     * @return the model; it predicts what {@code backprop predict} predicts
     * @throws IllegalArgumentException if the file is no valid model file or a classifier (one
     *         line naming the path)
     */
    public static BackpropRegressionModel fromModelFile(String path) {
        Model file = ModelReader.read(new Path(path), SparkSession.active().sparkContext().hadoopConfiguration());
        return wrap(Identifiable$.MODULE$.randomUID("backpropRegressionModel"), file, path);
    }

    /** @return a reader of saved models, which Spark finds by this name when it loads a pipeline */
    public static MLReader<BackpropRegressionModel> read() {
        return new ModelReader<>(BackpropRegressionModel.class, BackpropRegressionModel::wrap);
    }

    /**
     * Loads a model saved by {@code write().save(path)}.
     *
     * @param path the directory it was saved to
     * @return the model, with its params; its training summary is not saved
     * @throws IllegalArgumentException if the model file is invalid or a classifier (one line
     *         naming its path)
     */
    public static BackpropRegressionModel load(String path) {
        return read().load(path);
    }

    private static BackpropRegressionModel wrap(String uid, Model file, String source) {
        if (!file.classNames().isEmpty()) {
            throw new IllegalArgumentException(source + ": a classifier (class_names " + file.classNames()
                    + "), not a regression model; wrap it with BackpropClassificationModel");
        }
        return new BackpropRegressionModel(uid, file, null);
    }

    @Override
    boolean classification() {
        return false;
    }

    @Override
    String[] outputColumns() {
        return new String[] {$(predictionCol())};
    }

    static StructType outputSchema(StructType schema, String prediction, int outputs) {
        if (prediction.isEmpty()) {
            return schema;
        }
        return schema.add(prediction, outputs == 1 ? DataTypes.DoubleType : SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, $(predictionCol()), modelFile().network().outputSize());
    }

    @Override
    public BackpropRegressionModel copy(ParamMap extra) {
        BackpropRegressionModel copy = new BackpropRegressionModel(uid(), modelFile(), summaryOrNull());
        return copyValues(copy, extra).setParent(parent());
    }
}
