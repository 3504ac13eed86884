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
 * core's model file.
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
    private final double[] trainLoss;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    NetworkModel(String uid, Model file, double[] trainLoss) {
        this.uid = uid;
        this.file = copy(file);
        this.trainLoss = trainLoss.clone();
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
     * @return the training loss (E per case) of each epoch: the training summary; empty for a
     *         model that was loaded or wrapped from a model file, which holds no summary
     */
    public double[] trainLoss() {
        return trainLoss.clone();
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

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
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
                .mapPartitions(in -> predict(in, column, s, a, w, new Scaler(kind, offsets, scales), classes));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    /**
     * One partition's rows, a block at a time through one {@link Inference}, the inputs scaled as
     * {@code backprop predict} scales them.
     */
    private static Iterator<Row> predict(Iterator<Row> in, int column, int[] sizes, String[] activations,
                                         float[] parameters, Scaler scaling, boolean classification) {
        Network network = StepTask.network(sizes, activations);
        System.arraycopy(parameters, 0, network.parameters(), 0, parameters.length);
        Inference inference = new Inference(network, StepTask.kernels(), BLOCK);
        int inputs = sizes[0];
        int outputs = sizes[sizes.length - 1];
        List<Row> done = new ArrayList<>();
        List<Row> block = new ArrayList<>(BLOCK);
        float[] x = new float[BLOCK * inputs];
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
            float[] y = inference.outputs(x, block.size());
            for (int c = 0; c < block.size(); c++) {
                done.add(appended(block.get(c), y, c * outputs, outputs, classification));
            }
        }
        return done.iterator();
    }

    /** The row with the prediction appended: class and probabilities, or the outputs. */
    private static Row appended(Row row, float[] y, int off, int outputs, boolean classification) {
        Object[] values = new Object[row.size() + (classification ? 2 : 1)];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        double[] p = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            p[k] = y[off + k];
        }
        if (classification) {
            values[row.size()] = (double) Classes.argmax(y, off, outputs);
            values[row.size() + 1] = Vectors.dense(p);
        } else {
            values[row.size()] = outputs == 1 ? (Object) p[0] : Vectors.dense(p);
        }
        return RowFactory.create(values);
    }
}
