package dev.backprop.spark;

import dev.backprop.nn.Inference;
import dev.backprop.nn.Network;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The classifier {@link BackpropClassifier} trained: a Spark ML {@link Model} that appends the
 * {@code predictionCol} (the class of the largest output, as a double) and the
 * {@code probabilityCol} (the softmax outputs, a vector) to each row, computed through the core's
 * {@link Inference} a block of rows at a time in each partition.
 */
public final class BackpropClassificationModel extends Model<BackpropClassificationModel> {
    private static final long serialVersionUID = 1L;
    /** Rows per block of inference. */
    private static final int BLOCK = 256;
    private final String uid;
    private final int[] sizes;
    private final String[] activations;
    private final float[] parameters;
    private final double[] trainLoss;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    BackpropClassificationModel(String uid, Network network, double[] trainLoss) {
        this.uid = uid;
        this.sizes = network.sizes();
        this.activations = new String[network.layers()];
        for (int l = 0; l < activations.length; l++) {
            activations[l] = network.activation(l).name();
        }
        this.parameters = network.parameters().clone();
        this.trainLoss = trainLoss.clone();
        featuresCol = new Param<>(this, "featuresCol", "features column name");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        probabilityCol = new Param<>(this, "probabilityCol", "column name for the class probabilities");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
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

    /** @return the param */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** @return the trained network (a copy) */
    public Network network() {
        Network network = StepTask.network(sizes, activations);
        System.arraycopy(parameters, 0, network.parameters(), 0, parameters.length);
        return network;
    }

    /** @return the training loss (E per case) of each epoch: the training summary */
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    static StructType outputSchema(StructType schema, String prediction, String probability) {
        return schema.add(prediction, DataTypes.DoubleType, false).add(probability, SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, $(predictionCol), $(probabilityCol));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        int column = dataset.schema().fieldIndex($(featuresCol));
        int[] s = sizes;
        String[] a = activations;
        float[] w = parameters;
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(in -> predict(in, column, s, a, w));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    /** One partition's rows, a block at a time through one {@link Inference}. */
    private static Iterator<Row> predict(Iterator<Row> in, int column, int[] sizes, String[] activations,
                                         float[] parameters) {
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
                for (int j = 0; j < inputs; j++) {
                    x[block.size() * inputs + j] = (float) v.apply(j);
                }
                block.add(row);
            }
            float[] y = inference.outputs(x, block.size());
            for (int c = 0; c < block.size(); c++) {
                Object[] values = new Object[block.get(c).size() + 2];
                for (int i = 0; i < values.length - 2; i++) {
                    values[i] = block.get(c).get(i);
                }
                double[] p = new double[outputs];
                int best = 0;
                for (int k = 0; k < outputs; k++) {
                    p[k] = y[c * outputs + k];
                    best = p[k] > p[best] ? k : best;
                }
                values[values.length - 2] = (double) best;
                values[values.length - 1] = Vectors.dense(p);
                done.add(RowFactory.create(values));
            }
        }
        return done.iterator();
    }

    @Override
    public BackpropClassificationModel copy(ParamMap extra) {
        BackpropClassificationModel copy = new BackpropClassificationModel(uid, network(), trainLoss);
        return copyValues(copy, extra).setParent(parent());
    }
}
