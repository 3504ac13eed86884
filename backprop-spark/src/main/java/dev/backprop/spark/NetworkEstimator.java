package dev.backprop.spark;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.OptimizerSpec;
import dev.backprop.train.History;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BackpropClassifier} and {@link BackpropRegressor} share: the params of a network and
 * its training, in Spark ML's names ({@code featuresCol}, {@code labelCol}, {@code predictionCol},
 * {@code layers}, {@code activation}, {@code solver}, {@code stepSize}, {@code maxIter},
 * {@code batchSize}, {@code blockSize}, {@code seed}, {@code shuffle}), and a fit through
 * {@link SparkTrainer} with the same bits as the local trainer.
 *
 * <p>Written in Java with every param created in the constructor after the uid is set (a param
 * asks its parent for the uid, and field initializers would run first), each returned by a public
 * no-argument method, which is how Spark finds params. Saved as Spark saves its own estimators
 * (params only, {@code write().save(path)}), so that a {@code Pipeline} holding one saves too.
 *
 * @param <M> the model
 * @param <E> the estimator itself, which the setters return
 */
abstract class NetworkEstimator<M extends NetworkModel<M>, E extends NetworkEstimator<M, E>> extends Estimator<M>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> solver;
    private final DoubleParam stepSize;
    private final IntParam maxIter;
    private final IntParam batchSize;
    private final IntParam blockSize;
    private final LongParam seed;
    private final BooleanParam shuffle;

    /** @param uid the stage's uid */
    NetworkEstimator(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column name");
        labelCol = new Param<>(this, "labelCol", "label column name");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        layers = new IntArrayParam(this, "layers", "units per layer: inputs, hidden layers, outputs");
        activation = new Param<>(this, "activation", "the hidden layers' activation: sigmoid, tanh, relu, ...");
        solver = new Param<>(this, "solver", "the optimizer: gd, momentum, nesterov, adagrad, rmsprop, adam");
        stepSize = new DoubleParam(this, "stepSize", "the learning rate");
        maxIter = new IntParam(this, "maxIter", "epochs");
        batchSize = new IntParam(this, "batchSize", "cases per step");
        blockSize = new IntParam(this, "blockSize", "cases per chunk (the bits depend on it)");
        seed = new LongParam(this, "seed", "seed of the initial weights and the shuffling");
        shuffle = new BooleanParam(this, "shuffle", "whether to reshuffle the cases every epoch");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(activation, "sigmoid");
        setDefault(solver, "adam");
        setDefault(stepSize, (Object) 0.001);
        setDefault(maxIter, (Object) 100);
        setDefault(batchSize, (Object) 128);
        setDefault(blockSize, (Object) 256);
        setDefault(seed, (Object) 1L);
        setDefault(shuffle, (Object) true);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the param */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** @return the param */
    public Param<String> labelCol() {
        return labelCol;
    }

    /** @return the param */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @return the param */
    public IntArrayParam layers() {
        return layers;
    }

    /** @return the param */
    public Param<String> activation() {
        return activation;
    }

    /** @return the param */
    public Param<String> solver() {
        return solver;
    }

    /** @return the param */
    public DoubleParam stepSize() {
        return stepSize;
    }

    /** @return the param */
    public IntParam maxIter() {
        return maxIter;
    }

    /** @return the param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the param */
    public IntParam blockSize() {
        return blockSize;
    }

    /** @return the param */
    public LongParam seed() {
        return seed;
    }

    /** @return the param */
    public BooleanParam shuffle() {
        return shuffle;
    }

    /** @param value column name @return this */
    public E setFeaturesCol(String value) {
        set(featuresCol, value);
        return self();
    }

    /** @param value column name @return this */
    public E setLabelCol(String value) {
        set(labelCol, value);
        return self();
    }

    /** @param value units per layer, inputs first, outputs last @return this */
    public E setLayers(int[] value) {
        set(layers, value);
        return self();
    }

    /** @param value the hidden layers' activation @return this */
    public E setActivation(String value) {
        set(activation, value);
        return self();
    }

    /** @param value the optimizer's name @return this */
    public E setSolver(String value) {
        set(solver, value);
        return self();
    }

    /** @param value the learning rate @return this */
    public E setStepSize(double value) {
        set(stepSize, (Object) value);
        return self();
    }

    /** @param value epochs @return this */
    public E setMaxIter(int value) {
        set(maxIter, (Object) value);
        return self();
    }

    /** @param value cases per step @return this */
    public E setBatchSize(int value) {
        set(batchSize, (Object) value);
        return self();
    }

    /** @param value cases per chunk @return this */
    public E setBlockSize(int value) {
        set(blockSize, (Object) value);
        return self();
    }

    /** @param value the seed @return this */
    public E setSeed(long value) {
        set(seed, (Object) value);
        return self();
    }

    /** @param value whether to reshuffle every epoch @return this */
    public E setShuffle(boolean value) {
        set(shuffle, (Object) value);
        return self();
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    /** @return the output layer's activation */
    abstract Activation outputActivation();

    /** @return the loss */
    abstract Loss loss();

    /** @return whether the labels are class indices */
    abstract boolean classification();

    /**
     * @param network the trained network
     * @param history its training history
     * @return the model, before the params are copied to it
     */
    abstract M model(Network network, History history);

    /**
     * The network this estimator starts from: {@code layers}, the hidden activation, the output
     * activation, Xavier-initialized from {@code seed}.
     *
     * @return a new network
     */
    public Network initialNetwork() {
        int[] sizes = $(layers);
        Activation[] a = new Activation[sizes.length - 1];
        for (int l = 0; l < a.length; l++) {
            a[l] = l == a.length - 1 ? outputActivation() : Activation.parse($(activation));
        }
        return new Network(sizes, a).initialize(Initializer.xavier(), (long) $(seed));
    }

    /** @return the training configuration the params describe */
    public TrainingConfig trainingConfig() {
        return TrainingConfig.builder(loss(), optimizer($(solver), (float) (double) $(stepSize)))
                .epochs((int) $(maxIter)).batchSize((int) $(batchSize)).chunkSize((int) $(blockSize))
                .shuffle((boolean) $(shuffle)).seed((long) $(seed)).averageGradient(true).build();
    }

    /** The solver by the core's names and defaults, as {@code backprop train --optimizer NAME --eta η} builds it. */
    static Optimizer optimizer(String name, float eta) {
        try {
            return OptimizerSpec.of(name, eta).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("solver: " + e.getMessage(), e);
        }
    }

    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Network network = initialNetwork();
        SparkTrainer trainer = new SparkTrainer(trainingConfig(), dataset.rdd().getNumPartitions());
        History history = classification()
                ? trainer.fitClassifier(network, dataset.toDF(), $(featuresCol), $(labelCol))
                : trainer.fitRegressor(network, dataset.toDF(), $(featuresCol), $(labelCol));
        M model = model(network, history);
        copyValues(model, extractParamMap());
        return model.setParent(this);
    }

    /**
     * What a trained model saves as its model file, with what {@code backprop train} records: the
     * loss, the class names (the label indices, for a classifier, so that {@code backprop predict}
     * names the class), no input scaling (a Spark pipeline scales in a stage of its own), the
     * training settings and the seed.
     *
     * @param network the trained network
     * @return the model file's content
     */
    Model modelFile(Network network) {
        List<String> classes = new ArrayList<>();
        for (int k = 0; classification() && k < network.outputSize(); k++) {
            classes.add(Integer.toString(k));
        }
        Map<String, String> s = new LinkedHashMap<>();
        s.put("trainer", "spark");
        s.put("optimizer", optimizer($(solver), (float) (double) $(stepSize)).describe());
        s.put("epochs", Integer.toString((int) $(maxIter)));
        s.put("batch_size", Integer.toString((int) $(batchSize)));
        s.put("chunk_size", Integer.toString((int) $(blockSize)));
        s.put("gradient", "mean");
        s.put("shuffle", Boolean.toString((boolean) $(shuffle)));
        s.put("initializer", "xavier");
        return new Model(network, loss(), classes, Scaler.none(), s, (long) $(seed));
    }

    /** @throws IllegalArgumentException if {@code layers} is not set */
    void checkLayers() {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("layers is not set: give the units per layer, inputs first");
        }
    }
}
