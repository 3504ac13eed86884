package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.History;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link org.apache.spark.ml.Estimator} that trains a classifier network through
 * {@link SparkTrainer}: the same bits as the local trainer. Hidden layers use {@code activation},
 * the output layer softmax with cross-entropy; {@code labelCol} holds class indices
 * 0..classes−1 and {@code layers} ends with the number of classes. Besides the params every
 * network stage has (see {@link #params()}), {@code probabilityCol}.
 */
public final class BackpropClassifier extends NetworkEstimator<BackpropClassificationModel, BackpropClassifier> {
    private static final long serialVersionUID = 1L;
    private final Param<String> probabilityCol;

    /** A classifier with a random uid. */
    public BackpropClassifier() {
        this(Identifiable$.MODULE$.randomUID("backpropClassifier"));
    }

    /**
     * @param uid the stage's uid (Spark copies stages through this constructor)
     */
    public BackpropClassifier(String uid) {
        super(uid);
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        setDefault(probabilityCol, "probability");
    }

    /** @return the param */
    public Param<String> probabilityCol() {
        return probabilityCol;
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
    Activation outputActivation() {
        return Activation.softmax();
    }

    @Override
    Loss loss() {
        return Loss.softmaxCrossEntropy();
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    BackpropClassificationModel model(Network network, History history) {
        return new BackpropClassificationModel(Identifiable$.MODULE$.randomUID("backpropClassificationModel"),
                modelFile(network), history.trainLoss());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkLayers();
        return BackpropClassificationModel.outputSchema(schema, $(predictionCol()), $(probabilityCol));
    }

    @Override
    public BackpropClassifier copy(ParamMap extra) {
        return copyValues(new BackpropClassifier(uid()), extra);
    }
}
