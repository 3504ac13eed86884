package dev.backprop.spark;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.OptimizerSpec;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
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
 * {@code layers}, {@code activation}, {@code solver}, {@code loss}, {@code stepSize},
 * {@code maxIter}, {@code tol}, {@code batchSize}, {@code blockSize}, {@code seed},
 * {@code shuffle}), and a fit through {@link SparkTrainer} with the same bits as the local
 * trainer, whose model carries a {@link BackpropTrainingSummary}.
 *
 * <p>Every param but {@code seed} and the column names is checked when it is set, as Spark's own
 * stages check theirs: a bad value fails at {@code set} with Spark's message, which names the
 * stage, the param and the value (each param's doc says what it takes).
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
    private final Param<String> loss;
    private final DoubleParam stepSize;
    private final IntParam maxIter;
    private final DoubleParam tol;
    private final IntParam batchSize;
    private final IntParam blockSize;
    private final LongParam seed;
    private final BooleanParam shuffle;
    private final Param<String> checkpointPath;
    private final IntParam checkpointInterval;
    private final BooleanParam resume;

    /**
     * @param uid the stage's uid
     * @param losses the losses the stage trains with, by {@link Loss#name()}, the default first
     */
    NetworkEstimator(String uid, List<String> losses) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column name");
        labelCol = new Param<>(this, "labelCol", "label column name");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        layers = new IntArrayParam(this, "layers", "units per layer: inputs, hidden layers, outputs "
                + "(at least 2 entries, each >= 1)", Validators.layers());
        activation = new Param<>(this, "activation", "the hidden layers' activation: sigmoid, tanh, relu, "
                + "leaky_relu, leaky_relu(SLOPE), identity", Validators.hiddenActivation());
        solver = new Param<>(this, "solver", "the optimizer: gd, momentum, nesterov, adagrad, rmsprop, adam",
                Validators.solver());
        loss = new Param<>(this, "loss", "the loss: " + String.join(", ", losses), Validators.loss(losses));
        stepSize = new DoubleParam(this, "stepSize", "the learning rate (> 0)", ParamValidators.gt(0));
        maxIter = new IntParam(this, "maxIter", "epochs (>= 1)", ParamValidators.gtEq(1));
        tol = new DoubleParam(this, "tol", "stop after an epoch whose training loss (E per case) differs from the "
                + "previous epoch's by less than this (>= 0; 0: run all maxIter epochs)", ParamValidators.gtEq(0));
        batchSize = new IntParam(this, "batchSize", "cases per step (>= 1)", ParamValidators.gtEq(1));
        blockSize = new IntParam(this, "blockSize", "cases per chunk, >= 1 (the bits depend on it)",
                ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "seed of the initial weights and the shuffling");
        shuffle = new BooleanParam(this, "shuffle", "whether to reshuffle the cases every epoch");
        checkpointPath = new Param<>(this, "checkpointPath", "Hadoop path of the run's checkpoint file (unset: none)");
        checkpointInterval = new IntParam(this, "checkpointInterval",
                "optimizer steps between checkpoints (>= 1), or -1 for none");
        resume = new BooleanParam(this, "resume", "whether fit continues the run of the checkpoint at "
                + "checkpointPath when there is one");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(activation, "sigmoid");
        setDefault(solver, "adam");
        setDefault(loss, losses.get(0));
        setDefault(stepSize, (Object) 0.001);
        setDefault(maxIter, (Object) 100);
        setDefault(tol, (Object) 0.0);
        setDefault(batchSize, (Object) 128);
        setDefault(blockSize, (Object) 256);
        setDefault(seed, (Object) 1L);
        setDefault(shuffle, (Object) true);
        setDefault(checkpointInterval, (Object) 10);
        setDefault(resume, (Object) false);
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
    public Param<String> loss() {
        return loss;
    }

    /** @return the param */
    public DoubleParam stepSize() {
        return stepSize;
    }

    /** @return the param */
    public IntParam maxIter() {
        return maxIter;
    }

    /**
     * Spark's convergence tolerance, for epochs: the run stops after the first epoch whose
     * training loss (E per case, {@link BackpropTrainingSummary#objectiveHistory()}) differs from
     * the previous epoch's by less than {@code tol}, and its summary says it stopped early. The
     * default is 0, which never stops a run (Spark's MLPC defaults to 1e-6), so that a fit runs
     * {@code maxIter} epochs unless asked otherwise.
     *
     * @return the param
     */
    public DoubleParam tol() {
        return tol;
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

    /** @return the param: where the run's checkpoint file goes; see {@link #setCheckpointPath} */
    public Param<String> checkpointPath() {
        return checkpointPath;
    }

    /** @return the param: optimizer steps between checkpoints; see {@link #setCheckpointInterval} */
    public IntParam checkpointInterval() {
        return checkpointInterval;
    }

    /** @return the param: whether fit resumes from the checkpoint; see {@link #setResume} */
    public BooleanParam resume() {
        return resume;
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

    /** @param value column name, "" for none @return this */
    public E setPredictionCol(String value) {
        set(predictionCol, value);
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

    /** @param value the loss, by name (see {@link #loss()}) @return this */
    public E setLoss(String value) {
        set(loss, value);
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

    /** @param value the tolerance, ≥ 0 (see {@link #tol()}) @return this */
    public E setTol(double value) {
        set(tol, (Object) value);
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

    /**
     * Where fit writes the run's checkpoint, every {@code checkpointInterval} steps and at the end
     * of every epoch, in the core's checkpoint file format (the local trainer's). Unset, the
     * default: no checkpoints.
     *
     * @param value a Hadoop path (for example {@code hdfs:///runs/a.ckpt}); its directory is
     *        created when missing
     * @return this
     */
    public E setCheckpointPath(String value) {
        set(checkpointPath, value);
        return self();
    }

    /**
     * Optimizer steps between checkpoints (Spark ML's name; here it counts steps, not epochs), as
     * long as {@code checkpointPath} is set; -1 writes none. Default 10.
     *
     * @param value ≥ 1, or -1
     * @return this
     */
    public E setCheckpointInterval(int value) {
        set(checkpointInterval, (Object) value);
        return self();
    }

    /**
     * Whether fit continues the run whose checkpoint is at {@code checkpointPath}, when a file is
     * there, instead of starting over (as a streaming query restarts from its checkpoint
     * location): the same pipeline code then serves the first attempt and every restart, and the
     * model has the bits of a run that never stopped. Resuming with other params or other data is
     * refused in one line naming the first difference; a run that had finished is returned without
     * training. Default false: fit starts a new run and replaces the checkpoint.
     *
     * @param value whether to resume
     * @return this
     */
    public E setResume(boolean value) {
        set(resume, (Object) value);
        return self();
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    /**
     * @param loss the loss the stage trains with
     * @return the output layer's activation for it
     */
    abstract Activation outputActivation(Loss loss);

    /** @return the loss {@code loss} names */
    Loss lossFunction() {
        return Loss.parse($(loss));
    }

    /** @return whether the labels are class indices */
    abstract boolean classification();

    /**
     * @param network the trained network
     * @param summary its training summary
     * @return the model, before the params are copied to it
     */
    abstract M model(Network network, BackpropTrainingSummary summary);

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
            a[l] = l == a.length - 1 ? outputActivation(lossFunction()) : Activation.parse($(activation));
        }
        return new Network(sizes, a).initialize(Initializer.xavier(), (long) $(seed));
    }

    /**
     * @return the training configuration the params describe; with {@code tol} above 0, a
     *         listener of its own that stops the run (so each call gives a fresh one)
     */
    public TrainingConfig trainingConfig() {
        TrainingConfig.Builder b = TrainingConfig.builder(lossFunction(), optimizer($(solver),
                        (float) (double) $(stepSize)))
                .epochs((int) $(maxIter)).batchSize((int) $(batchSize)).chunkSize((int) $(blockSize))
                .shuffle((boolean) $(shuffle)).seed((long) $(seed)).averageGradient(true);
        double t = (double) $(tol);
        return (t > 0 ? b.listener(new Tolerance(t)) : b).build();
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
        SparkTrainer.Run run = checkpointed(trainer).run(network, dataset.toDF(), $(featuresCol), $(labelCol),
                classification(), resumeFrom(dataset));
        M model = model(network, new BackpropTrainingSummary(run.history(), run.steps(), run.kernelKind(),
                classification()));
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
        if ((double) $(tol) > 0) {
            s.put("tol", Double.toString((double) $(tol)));
        }
        s.put("initializer", "xavier");
        return new Model(network, lossFunction(), classes, Scaler.none(), s, (long) $(seed));
    }

    /** The trainer, writing checkpoints as {@code checkpointPath} and {@code checkpointInterval} say. */
    private SparkTrainer checkpointed(SparkTrainer trainer) {
        int every = (int) $(checkpointInterval);
        if (every < 1 && every != -1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1, or -1 for no checkpoints; got "
                    + every);
        }
        return isDefined(checkpointPath) && every >= 1 ? trainer.withCheckpoints($(checkpointPath), every) : trainer;
    }

    /** @return the checkpoint to resume from, or null to start a new run */
    private String resumeFrom(Dataset<?> dataset) {
        return (boolean) $(resume) && isDefined(checkpointPath) && HadoopCheckpoints.exists($(checkpointPath),
                dataset.sparkSession().sparkContext().hadoopConfiguration()) ? $(checkpointPath) : null;
    }

    /** @throws IllegalArgumentException if {@code layers} is not set */
    void checkLayers() {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("layers is not set: give the units per layer, inputs first");
        }
    }
}
