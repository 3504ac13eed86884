package dev.backprop.spark;

import dev.backprop.data.Classes;
import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What {@link BackpropClassificationModel} and {@link BackpropRegressionModel} share: the trained
 * network with everything a model file holds besides it (the core's {@link Model}: loss, class
 * names, input scaling, training settings, seed), the training summary, {@code featuresCol} and
 * {@code predictionCol}, a transform that runs the core's {@link Inference} a block of rows at a
 * time in each partition, and persistence through {@link ModelWriter}: Spark's metadata plus the
 * core's model file. An output column whose name is set to "" is left out, as in Spark's models;
 * with none left, a transform returns the rows as they are.
 *
 * @param <M> the model itself
 */
abstract class NetworkModel<M extends NetworkModel<M>> extends org.apache.spark.ml.Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Rows per block of inference. */
    private static final int BLOCK = 256;
    private final String uid;
    /**
     * Not Serializable, and need not be: Spark persists a stage through {@link #write()}, never
     * by Java serialization, and {@link #transform} sends the executors primitive arrays only.
     */
    @SuppressWarnings("serial")
    private final Model file;
    /** Null for a model loaded or wrapped from a model file; never Java-serialized, as the file. */
    @SuppressWarnings("serial")
    private final BackpropTrainingSummary summary;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    NetworkModel(String uid, Model file, BackpropTrainingSummary summary) {
        this.uid = uid;
        this.file = copy(file);
        this.summary = summary;
        featuresCol = new Param<>(this, "featuresCol", "features column name");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    /** The model with a copy of its network, which a {@link Model} holds rather than copies. */
    private static Model copy(Model m) {
        return new Model(m.network().copy(), m.loss(), m.classNames(), m.scaling(), m.training(), m.seed(),
                m.otherMetadata());
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
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @param value column name @return this */
    public M setFeaturesCol(String value) {
        set(featuresCol, value);
        return self();
    }

    /** @param value column name, "" for none @return this */
    public M setPredictionCol(String value) {
        set(predictionCol, value);
        return self();
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    /** @return the trained network (a copy) */
    public Network network() {
        return file.network().copy();
    }

    /**
     * What this model saves as {@code data/model.safetensors}: the content of the model file that
     * {@code backprop train} writes and {@code backprop predict} reads.
     *
     * @return the core model (with a copy of the network)
     */
    public Model modelFile() {
        return copy(file);
    }

    /**
     * @return the training loss (E per case) of each epoch, the summary's
     *         {@link BackpropTrainingSummary#objectiveHistory()}; empty for a model that was loaded
     *         or wrapped from a model file, which holds no summary
     */
    public double[] trainLoss() {
        return summary == null ? new double[0] : summary.objectiveHistory();
    }

    /** @return whether this model has a training summary: it comes from a fit, not a model file */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * @return the summary of the fit that trained this model
     * @throws IllegalStateException for a model loaded or wrapped from a model file, which holds
     *         no summary (see {@link #hasSummary()})
     */
    public BackpropTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary for this " + getClass().getSimpleName()
                    + ": it was loaded or wrapped from a model file, which holds none");
        }
        return summary;
    }

    /** @return the summary, or null: what a copy of this model carries */
    BackpropTrainingSummary summaryOrNull() {
        return summary;
    }

    /**
     * A writer that saves this model to a directory: Spark's metadata (the params) and the model
     * file in {@code data/model.safetensors}, through Hadoop's file system of the path.
     *
     * @return the writer
     */
    @Override
    public MLWriter write() {
        return new ModelWriter(this, file);
    }

    /** @return whether rows get a class and probabilities (else the outputs as the prediction) */
    abstract boolean classification();

    /**
     * @return the names of the columns a transform appends, "" for one left out: a classifier's
     *         prediction, probability and raw prediction, a regressor's prediction
     */
    abstract String[] outputColumns();

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        String[] names = outputColumns();
        boolean[] want = new boolean[names.length];
        boolean any = false;
        for (int i = 0; i < names.length; i++) {
            want[i] = !names[i].isEmpty();
            any |= want[i];
        }
        if (!any) {
            return dataset.toDF();
        }
        int column = dataset.schema().fieldIndex($(featuresCol));
        Network n = file.network();
        int[] s = n.sizes();
        String[] a = new String[n.layers()];
        for (int l = 0; l < a.length; l++) {
            a[l] = n.activation(l).name();
        }
        float[] w = n.parameters().clone();
        // A Scaler is not Serializable: its parts travel and each task rebuilds it.
        String kind = file.scaling().kind();
        float[] offsets = file.scaling().offsets();
        float[] scales = file.scaling().scales();
        boolean classes = classification();
        JavaRDD<Row> rows = dataset.toDF().javaRDD()
                .mapPartitions(in -> predict(in, column, s, a, w, new Scaler(kind, offsets, scales), classes, want));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    /**
     * One partition's rows, a block at a time through one {@link Inference}, the inputs scaled as
     * {@code backprop predict} scales them; the raw scores z^L come from the same pass, and only
     * when their column is wanted.
     */
    private static Iterator<Row> predict(Iterator<Row> in, int column, int[] sizes, String[] activations,
                                         float[] parameters, Scaler scaling, boolean classification,
                                         boolean[] want) {
        Network network = StepTask.network(sizes, activations);
        System.arraycopy(parameters, 0, network.parameters(), 0, parameters.length);
        Inference inference = new Inference(network, StepTask.kernels(), BLOCK);
        int inputs = sizes[0];
        int outputs = sizes[sizes.length - 1];
        List<Row> done = new ArrayList<>();
        List<Row> block = new ArrayList<>(BLOCK);
        float[] x = new float[BLOCK * inputs];
        float[] z = classification && want[2] ? new float[BLOCK * outputs] : null;
        while (in.hasNext()) {
            block.clear();
            while (in.hasNext() && block.size() < BLOCK) {
                Row row = in.next();
                Vector v = (Vector) row.get(column);
                if (v == null || v.size() != inputs) {
                    throw new IllegalArgumentException("features column: " + (v == null ? "null" : "a vector of "
                            + v.size() + " values") + "; the network takes " + inputs);
                }
                for (int j = 0; j < inputs; j++) {
                    x[block.size() * inputs + j] = (float) v.apply(j);
                }
                block.add(row);
            }
            scaling.apply(x, block.size(), inputs);
            float[] y = inference.outputs(x, block.size(), z);
            for (int c = 0; c < block.size(); c++) {
                done.add(appended(block.get(c), y, z, c * outputs, outputs, want));
            }
        }
        return done.iterator();
    }

    /**
     * The row with the wanted columns appended: a classifier's class, probabilities (a^L) and raw
     * scores (z^L, given as {@code z}), or a regressor's outputs ({@code z} null).
     */
    private static Row appended(Row row, float[] y, float[] z, int off, int outputs, boolean[] want) {
        int n = row.size();
        for (boolean w : want) {
            n += w ? 1 : 0;
        }
        Object[] values = new Object[n];
        int i = 0;
        for (; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        if (want.length == 1) {
            values[i] = outputs == 1 ? (Object) (double) y[off] : vector(y, off, outputs);
            return RowFactory.create(values);
        }
        if (want[0]) {
            values[i++] = (double) Classes.argmax(y, off, outputs);
        }
        if (want[1]) {
            values[i++] = vector(y, off, outputs);
        }
        if (want[2]) {
            values[i] = vector(z, off, outputs);
        }
        return RowFactory.create(values);
    }

    private static Vector vector(float[] v, int off, int n) {
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = v[off + k];
        }
        return Vectors.dense(d);
    }
}
