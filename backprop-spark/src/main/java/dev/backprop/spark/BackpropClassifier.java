package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * A Spark ML {@link org.apache.spark.ml.Estimator} that trains a classifier network through
 * {@link SparkTrainer}: the same bits as the local trainer. Hidden layers use {@code activation},
 * the output layer softmax with cross-entropy; {@code labelCol} holds class indices
 * 0..classes−1 and {@code layers} ends with the number of classes. Besides the params every
 * network stage has (see {@link #params()}), {@code rawPredictionCol} and {@code probabilityCol}.
 *
 * <p>{@code loss} is {@code softmax_cross_entropy} (the default: a softmax output layer), or
 * {@code binary_cross_entropy}, {@code squared_error} or {@code mean_squared_error} (a sigmoid
 * output layer), the output layers {@code backprop train} gives these losses.
 */
public final class BackpropClassifier extends NetworkEstimator<BackpropClassificationModel, BackpropClassifier> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;
    private final Param<String> rawPredictionCol;

    /** A classifier with a random uid. */
    public BackpropClassifier() {
        this(Identifiable$.MODULE$.randomUID("backpropClassifier"));
    }

    /**
     * @param uid the stage's uid (Spark copies stages through this constructor)
     */
    public BackpropClassifier(String uid) {
        super(uid, List.of("softmax_cross_entropy", "binary_cross_entropy", "squared_error", "mean_squared_error"));
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "column name for the raw scores z^L");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
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
    public BackpropClassifier setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    /** @param value column name, "" for none @return this */
    public BackpropClassifier setRawPredictionCol(String value) {
        set(rawPredictionCol, value);
        return this;
    }

    /** @return a reader of saved classifiers, which Spark finds by this name when it loads a pipeline */
    public static MLReader<BackpropClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a classifier saved by {@code write().save(path)}.
     *
     * @param path the directory it was saved to
     * @return the classifier, with its uid and params
     */
    public static BackpropClassifier load(String path) {
        return read().load(path);
    }

    @Override
    Activation outputActivation(Loss loss) {
        return loss.name().equals("softmax_cross_entropy") ? Activation.softmax() : Activation.sigmoid();
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    BackpropClassificationModel model(Network network, BackpropTrainingSummary summary) {
        return new BackpropClassificationModel(Identifiable$.MODULE$.randomUID("backpropClassificationModel"),
                modelFile(network), summary);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkLayers();
        return BackpropClassificationModel.outputSchema(schema, $(predictionCol()), $(probabilityCol),
                $(rawPredictionCol));
    }

    @Override
    public BackpropClassifier copy(ParamMap extra) {
        return copyValues(new BackpropClassifier(uid()), extra);
    }
}
