package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.AdaGrad;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Nesterov;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.RmsProp;
import dev.backprop.train.History;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.Locale;

/**
 * A Spark ML {@link Estimator} that trains a classifier network through {@link SparkTrainer}: the
 * same bits as the local trainer. Hidden layers use {@code activation}, the output layer softmax
 * with cross-entropy. Params, in Spark ML's names: {@code featuresCol}, {@code labelCol},
 * {@code predictionCol}, {@code probabilityCol}, {@code layers} (inputs, hidden..., classes),
 * {@code activation}, {@code solver} (gd, momentum, nesterov, adagrad, rmsprop, adam),
 * {@code stepSize}, {@code maxIter} (epochs), {@code batchSize}, {@code blockSize} (cases per
 * chunk), {@code seed}, {@code shuffle}.
 *
 * <p>Written in Java with every param created in the constructor after the uid is set (a param
 * asks its parent for the uid), each returned by a public no-argument method, which is how Spark
 * finds params.
 */
public final class BackpropClassifier extends Estimator<BackpropClassificationModel> {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> solver;
    private final DoubleParam stepSize;
    private final IntParam maxIter;
    private final IntParam batchSize;
    private final IntParam blockSize;
    private final LongParam seed;
    private final BooleanParam shuffle;

    /** A classifier with a random uid. */
    public BackpropClassifier() {
        this(Identifiable$.MODULE$.randomUID("backpropClassifier"));
    }

    /**
     * @param uid the stage's uid (Spark copies stages through this constructor)
     */
    public BackpropClassifier(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column name");
        labelCol = new Param<>(this, "labelCol", "label column name: class indices 0..classes-1");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        layers = new IntArrayParam(this, "layers", "units per layer: inputs, hidden layers, classes");
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
        setDefault(probabilityCol, "probability");
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
    public Param<String> probabilityCol() {
        return probabilityCol;
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
    public BackpropClassifier setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    /** @param value column name @return this */
    public BackpropClassifier setLabelCol(String value) {
        set(labelCol, value);
        return this;
    }

    /** @param value units per layer, inputs first, classes last @return this */
    public BackpropClassifier setLayers(int[] value) {
        set(layers, value);
        return this;
    }

    /** @param value the hidden layers' activation @return this */
    public BackpropClassifier setActivation(String value) {
        set(activation, value);
        return this;
    }

    /** @param value the optimizer's name @return this */
    public BackpropClassifier setSolver(String value) {
        set(solver, value);
        return this;
    }

    /** @param value the learning rate @return this */
    public BackpropClassifier setStepSize(double value) {
        set(stepSize, (Object) value);
        return this;
    }

    /** @param value epochs @return this */
    public BackpropClassifier setMaxIter(int value) {
        set(maxIter, (Object) value);
        return this;
    }

    /** @param value cases per step @return this */
    public BackpropClassifier setBatchSize(int value) {
        set(batchSize, (Object) value);
        return this;
    }

    /** @param value cases per chunk @return this */
    public BackpropClassifier setBlockSize(int value) {
        set(blockSize, (Object) value);
        return this;
    }

    /** @param value the seed @return this */
    public BackpropClassifier setSeed(long value) {
        set(seed, (Object) value);
        return this;
    }

    /** @param value whether to reshuffle every epoch @return this */
    public BackpropClassifier setShuffle(boolean value) {
        set(shuffle, (Object) value);
        return this;
    }

    /**
     * The network this estimator starts from: {@code layers}, the hidden activation, a softmax
     * output, Xavier-initialized from {@code seed}.
     *
     * @return a new network
     */
    public Network initialNetwork() {
        int[] sizes = $(layers);
        Activation[] a = new Activation[sizes.length - 1];
        for (int l = 0; l < a.length; l++) {
            a[l] = l == a.length - 1 ? Activation.softmax() : Activation.parse($(activation));
        }
        return new Network(sizes, a).initialize(Initializer.xavier(), (long) $(seed));
    }

    /** @return the training configuration the params describe */
    public TrainingConfig trainingConfig() {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), optimizer($(solver), (float) (double) $(stepSize)))
                .epochs((int) $(maxIter)).batchSize((int) $(batchSize)).chunkSize((int) $(blockSize))
                .shuffle((boolean) $(shuffle)).seed((long) $(seed)).averageGradient(true).build();
    }

    static Optimizer optimizer(String name, float eta) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gd": return new GradientDescent(eta);
            case "momentum": return new Momentum(eta, 0.9f);
            case "nesterov": return new Nesterov(eta, 0.9f);
            case "adagrad": return new AdaGrad(eta);
            case "rmsprop": return new RmsProp(eta);
            case "adam": return new Adam(eta);
            default: throw new IllegalArgumentException("solver '" + name
                    + "' is not one of gd, momentum, nesterov, adagrad, rmsprop, adam");
        }
    }

    @Override
    public BackpropClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Network network = initialNetwork();
        History history = new SparkTrainer(trainingConfig(), dataset.rdd().getNumPartitions())
                .fitClassifier(network, dataset.toDF(), $(featuresCol), $(labelCol));
        BackpropClassificationModel model = new BackpropClassificationModel(
                Identifiable$.MODULE$.randomUID("backpropClassificationModel"), network, history.trainLoss());
        copyValues(model, extractParamMap());
        return model.setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("layers is not set: give the units per layer, inputs first");
        }
        return BackpropClassificationModel.outputSchema(schema, $(predictionCol), $(probabilityCol));
    }

    @Override
    public BackpropClassifier copy(ParamMap extra) {
        return copyValues(new BackpropClassifier(uid), extra);
    }
}
