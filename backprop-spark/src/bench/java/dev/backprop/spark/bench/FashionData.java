package dev.backprop.spark.bench;

import dev.backprop.data.Dataset;
import dev.backprop.data.Idx;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST as the core reads it (pixels divided by 255 in float32, as {@link Idx} does), and
 * the same rows as a cached DataFrame ({@code features} vector, {@code label} double) in case
 * order, partition p holding rows ⌊p·n/P⌋ to ⌊(p+1)·n/P⌋, so that both sides train on the same
 * values (float32 values held exactly in MLPC's float64) and the same partitions.
 *
 * @param train the training rows
 * @param test the test rows
 */
record FashionData(Dataset train, Dataset test) {
    static final int CLASSES = 10;

    /**
     * @param dir the folder of the four {@code .gz} files
     * @param trainRows the first training rows to keep
     * @param testRows the first test rows to keep
     * @return the data
     * @throws IOException if a file cannot be read
     */
    static FashionData load(Path dir, int trainRows, int testRows) throws IOException {
        return new FashionData(read(dir, "train", trainRows, "--train-rows"), read(dir, "t10k", testRows, "--test-rows"));
    }

    private static Dataset read(Path dir, String prefix, int rows, String flag) throws IOException {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path p : new Path[] {images, labels}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--data: " + p + " is not a file; expected Fashion-MNIST's "
                        + prefix + "-*-ubyte.gz files in " + dir);
            }
        }
        Dataset all = Idx.classification(images, labels, CLASSES, 255f);
        if (rows > all.size()) {
            throw new IllegalArgumentException(flag + " " + rows + ": " + images + " holds only " + all.size() + " rows");
        }
        return rows == all.size() ? all : all.subset(IntStream.range(0, rows).toArray());
    }

    /**
     * @param p a partition
     * @param n rows
     * @param partitions partitions
     * @return the first row of partition p (of p = partitions: n)
     */
    static int firstRow(int p, int n, int partitions) {
        return (int) ((long) p * n / partitions);
    }

    /**
     * The rows as a DataFrame, cached and counted.
     *
     * @param spark the session
     * @param data the rows
     * @param partitions its partitions
     * @return the DataFrame
     */
    static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> x = jsc.broadcast(data.x());
        Broadcast<int[]> y = jsc.broadcast(IntStream.range(0, data.size()).map(data::label).toArray());
        int n = data.size();
        int inputs = data.inputs();
        JavaRDD<Row> rows = jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
                .flatMap(p -> rows(x.value(), y.value(), inputs, firstRow(p, n, partitions),
                        firstRow(p + 1, n, partitions)).iterator());
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_ONLY());
        frame.count();
        return frame;
    }

    private static List<Row> rows(float[] x, int[] y, int inputs, int from, int to) {
        List<Row> rows = new ArrayList<>(to - from);
        for (int c = from; c < to; c++) {
            double[] v = new double[inputs];
            for (int j = 0; j < inputs; j++) {
                v[j] = x[c * inputs + j];
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) y[c]));
        }
        return rows;
    }

    /**
     * Refuses a blockSize that does not divide every partition's rows: MLPC stacks each
     * partition's rows in blocks of blockSize, takes each block's mean gradient and then the mean
     * over blocks, which is the mean over the cases only when the blocks are equal.
     *
     * @param rows the training rows
     * @param partitions the partitions
     * @param block MLPC's blockSize
     */
    static void checkBlocks(int rows, int partitions, int block) {
        for (int p = 0; p < partitions; p++) {
            int held = firstRow(p + 1, rows, partitions) - firstRow(p, rows, partitions);
            if (held % block != 0) {
                throw new IllegalArgumentException("--block " + block + ": partition " + p + " holds " + held
                        + " training rows, not a multiple of it; MLPC would average the means of unequal blocks "
                        + "instead of the cases (choose a divisor of " + held + ")");
            }
        }
    }
}
