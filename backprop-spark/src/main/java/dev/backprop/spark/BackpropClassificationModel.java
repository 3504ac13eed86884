package dev.backprop.spark;

import dev.backprop.io.Model;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The classifier {@link BackpropClassifier} trained, or a classifier's model file wrapped
 * ({@link #fromModelFile}): a Spark ML {@link org.apache.spark.ml.Model} that appends the
 * {@code predictionCol} (the class index, as a double, that {@code backprop predict} names), the
 * {@code probabilityCol} (the outputs a^L, a vector) and the {@code rawPredictionCol} (the raw
 * scores z^L before the output activation, a vector, as Spark's probabilistic classifiers give
 * them) to each row, in that order, after the model file's input scaling; a column whose name is
 * set to "" is left out. Saved with {@code write().save(path)} and loaded with {@link #load(String)}, alone or
 * in a {@link org.apache.spark.ml.PipelineModel}; the network lies in
 * {@code path/data/model.safetensors}, a model file as {@code backprop train} writes it.
 */
public final class BackpropClassificationModel extends NetworkModel<BackpropClassificationModel> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;
    private final Param<String> rawPredictionCol;

    BackpropClassificationModel(String uid, Model file, BackpropTrainingSummary summary) {
        super(uid, file, summary);
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "column name for the raw scores z^L");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
    }

    /**
     * Wraps a classifier's model file, as {@code backprop train} writes it, with default params.
     * The path is read through Hadoop's file system, with the active session's configuration.
     *
     * @param path the model file
     * @return the model; it predicts what {@code backprop predict} predicts
     * @throws IllegalArgumentException if the file is no valid model file or a regression model
     *         (one line naming the path)
     */
    public static BackpropClassificationModel fromModelFile(String path) {
        Model file = ModelReader.read(new Path(path), SparkSession.active().sparkContext().hadoopConfiguration());
        return wrap(Identifiable$.MODULE$.randomUID("backpropClassificationModel"), file, path);
    }

    /** @return a reader of saved models, which Spark finds by this name when it loads a pipeline */
    public static MLReader<BackpropClassificationModel> read() {
        return new ModelReader<>(BackpropClassificationModel.class, BackpropClassificationModel::wrap);
    }

    /**
     * Loads a model saved by {@code write().save(path)}.
     *
     * @param path the directory it was saved to
     * @return the model, with its params; its training summary is not saved
     * @throws IllegalArgumentException if the model file is invalid or a regression model (one
     *         line naming its path)
     */
    public static BackpropClassificationModel load(String path) {
        return read().load(path);
    }

    private static BackpropClassificationModel wrap(String uid, Model file, String source) {
        if (file.classNames().isEmpty()) {
            throw new IllegalArgumentException(source + ": a regression model (no class_names), not a classifier; "
                    + "wrap it with BackpropRegressionModel");
        }
        return new BackpropClassificationModel(uid, file, null);
    }

    /** @return the param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** @return the param */
    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    /** @param value column name, "" for none @return this */
    public BackpropClassificationModel setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    /** @param value column name, "" for none @return this */
    public BackpropClassificationModel setRawPredictionCol(String value) {
        set(rawPredictionCol, value);
        return this;
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    String[] outputColumns() {
        return new String[] {$(predictionCol()), $(probabilityCol), $(rawPredictionCol)};
    }

    static StructType outputSchema(StructType schema, String prediction, String probability, String raw) {
        StructType s = prediction.isEmpty() ? schema : schema.add(prediction, DataTypes.DoubleType, false);
        s = probability.isEmpty() ? s : s.add(probability, SQLDataTypes.VectorType(), false);
        return raw.isEmpty() ? s : s.add(raw, SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, $(predictionCol()), $(probabilityCol), $(rawPredictionCol));
    }

    @Override
    public BackpropClassificationModel copy(ParamMap extra) {
        BackpropClassificationModel copy = new BackpropClassificationModel(uid(), modelFile(), summaryOrNull());
        return copyValues(copy, extra).setParent(parent());
    }
}
