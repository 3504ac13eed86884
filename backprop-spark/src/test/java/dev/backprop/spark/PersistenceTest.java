package dev.backprop.spark;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Inference;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving and loading the network stages: Spark's own {@code save}/{@code load}, alone and in a
 * PipelineModel, with the same predictions bit for bit; the data is the core's model file, which
 * {@code backprop predict} reads (the core's {@link ModelFile} and {@link Inference}, as the
 * command runs them), and a core model file wraps as a Spark model.
 */
class PersistenceTest {
    @TempDir
    Path dir;

    /** Every row of a transform as its values, vectors as arrays, in row order. */
    private static List<List<Object>> rows(Transformer model, org.apache.spark.sql.Dataset<Row> frame) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : model.transform(frame).collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                values.add(v instanceof Vector vector ? Arrays.toString(bits(vector.toArray())) : v);
            }
            out.add(values);
        }
        return out;
    }

    /** The same rows, compared one at a time so that a failure shows the first row that differs. */
    private static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual) {
        assertEquals(expected.size(), actual.size(), "rows");
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r), actual.get(r), "row " + r);
        }
    }

    /** The doubles' bits, so that equal lists mean the same bits (and -0.0 differs from 0.0). */
    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    private static float[] floats(Vector v) {
        double[] d = v.toArray();
        float[] f = new float[d.length];
        for (int j = 0; j < d.length; j++) {
            f[j] = (float) d[j];
        }
        return f;
    }

    /** What {@code backprop predict} computes for one case: the model's scaling, then its network. */
    private static float[] corePredicts(Model model, float[] x) {
        float[] in = x.clone();
        model.scaling().apply(in, 1, in.length);
        return new Inference(model.network()).outputs(in, 1);
    }

    @Test
    void aClassifierSavesAndLoadsWithItsParamsAndTheSamePredictions() throws IOException {
        var frame = Frames.classificationFrame();
        BackpropClassificationModel model = EstimatorTest.classifier().fit(frame);
        model.set(model.probabilityCol(), "p");
        String path = dir.resolve("classifier").toString();
        model.write().overwrite().save(path);
        BackpropClassificationModel loaded = BackpropClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("p", loaded.getOrDefault(loaded.probabilityCol()));
        assertArrayEquals(model.network().parameters(), loaded.network().parameters());
        assertSameRows(rows(model, frame), rows(loaded, frame));
    }

    @Test
    void aRegressorSavesAndLoadsWithTheSamePredictions() throws IOException {
        var frame = Frames.regressionFrame();
        BackpropRegressionModel model = new BackpropRegressor().setLayers(new int[] {Frames.INPUTS, 5, 2})
                .setActivation("relu").setSolver("momentum").setStepSize(0.01).setMaxIter(2).setBatchSize(64)
                .setBlockSize(16).setLabelCol("target").fit(frame);
        String path = dir.resolve("regressor").toString();
        model.write().save(path);
        BackpropRegressionModel loaded = BackpropRegressionModel.load(path);
        assertSameRows(rows(model, frame), rows(loaded, frame));
        assertEquals("mean_squared_error", loaded.modelFile().loss().name());
    }

    @Test
    void aPipelineModelWithAssemblerAndScalerSavesAndLoadsWithTheSamePredictions() throws IOException {
        float[] x = Frames.inputs();
        int[] labels = Frames.labels(x);
        String[] columns = new String[Frames.INPUTS];
        StructType schema = new StructType();
        for (int j = 0; j < Frames.INPUTS; j++) {
            columns[j] = "x" + j;
            schema = schema.add(columns[j], DataTypes.DoubleType);
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < Frames.CASES; c++) {
            Object[] values = new Object[Frames.INPUTS + 1];
            for (int j = 0; j < Frames.INPUTS; j++) {
                values[j] = (double) x[c * Frames.INPUTS + j];
            }
            values[Frames.INPUTS] = (double) labels[c];
            rows.add(RowFactory.create(values));
        }
        var frame = SparkSessions.get().createDataFrame(rows, schema.add("label", DataTypes.DoubleType));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features"),
            EstimatorTest.classifier()});
        PipelineModel fitted = pipeline.fit(frame);
        String path = dir.resolve("pipeline-model").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertTrue(loaded.stages()[2] instanceof BackpropClassificationModel);
        List<List<Object>> predicted = rows(fitted, frame);
        assertSameRows(predicted, rows(loaded, frame));
        // the unfitted pipeline too: its classifier's params come back, so a second fit gives the same bits
        pipeline.write().save(dir.resolve("pipeline").toString());
        assertSameRows(predicted, rows(Pipeline.load(dir.resolve("pipeline").toString()).fit(frame), frame));
    }

    @Test
    void aRegressorSavesAndLoadsWithItsUidAndParams() throws IOException {
        BackpropRegressor r = new BackpropRegressor().setLayers(new int[] {3, 4, 1}).setSolver("nesterov")
                .setStepSize(0.25).setMaxIter(7).setSeed(9).setShuffle(false).setLabelCol("y");
        String path = dir.resolve("estimator").toString();
        r.write().save(path);
        BackpropRegressor loaded = BackpropRegressor.load(path);
        assertEquals(r.uid(), loaded.uid());
        assertArrayEquals(new int[] {3, 4, 1}, loaded.getOrDefault(loaded.layers()));
        assertEquals(List.of("nesterov", 0.25, 7, 9L, false, "y", "sigmoid"), List.of(
                loaded.getOrDefault(loaded.solver()), loaded.getOrDefault(loaded.stepSize()),
                loaded.getOrDefault(loaded.maxIter()), loaded.getOrDefault(loaded.seed()),
                loaded.getOrDefault(loaded.shuffle()), loaded.getOrDefault(loaded.labelCol()),
                loaded.getOrDefault(loaded.activation())));
    }

    @Test
    void theSavedDataIsAModelFileThatTheCorePredictsFromAsSparkDoes() throws IOException {
        var frame = Frames.classificationFrame();
        BackpropClassificationModel model = EstimatorTest.classifier().fit(frame);
        Path path = dir.resolve("saved");
        model.write().save(path.toString());
        Model file = ModelFile.load(path.resolve("data/model.safetensors"));
        assertArrayEquals(model.network().parameters(), file.network().parameters());
        assertEquals(List.of("0", "1", "2"), file.classNames());
        assertEquals("spark", file.training().get("trainer"));
        for (Row row : model.transform(frame).select("features", "prediction", "probability").collectAsList()) {
            float[] y = corePredicts(file, floats((Vector) row.get(0)));
            assertArrayEquals(y, floats((Vector) row.get(2)));
            int best = dev.backprop.data.Classes.argmax(y, 0, y.length);
            assertEquals((double) best, row.getDouble(1));
        }
    }

    @Test
    void aCoreModelFileWithScalingWrapsAsASparkModelThatPredictsAsTheCore() throws IOException {
        Network network = EstimatorTest.classifier().initialNetwork();
        Scaler scaling = Scaler.fitStandard(Frames.classification());
        Model core = new Model(network, Loss.softmaxCrossEntropy(), List.of("a", "b", "c"), scaling,
                Map.of("optimizer", "adam"), 5);
        Path file = dir.resolve("core.safetensors");
        ModelFile.save(file, core);
        var frame = Frames.classificationFrame();
        BackpropClassificationModel model = BackpropClassificationModel.fromModelFile(file.toString());
        assertEquals(Scaler.STANDARD, model.modelFile().scaling().kind());
        for (Row row : model.transform(frame).select("features", "probability").collectAsList()) {
            assertArrayEquals(corePredicts(core, floats((Vector) row.get(0))), floats((Vector) row.get(1)));
        }
        Path again = dir.resolve("again");
        model.write().save(again.toString());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again.resolve("data/model.safetensors")));
    }

    @Test
    void aRegressionModelFileIsRefusedAsAClassifierInOneLineNamingThePath() throws IOException {
        Network network = new Network(new int[] {Frames.INPUTS, 2},
                dev.backprop.nn.Activation.identity()).initialize(dev.backprop.nn.Initializer.xavier(), 3);
        Path file = dir.resolve("regression.safetensors");
        ModelFile.save(file, Model.of(network, Loss.meanSquaredError(), 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackpropClassificationModel.fromModelFile(file.toString()));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(2, BackpropRegressionModel.fromModelFile(file.toString()).modelFile().network().outputSize());
    }

    @Test
    void aCorruptDataFileIsRefusedOnLoadInOneLineNamingThePath() throws IOException {
        BackpropClassificationModel model = EstimatorTest.classifier().setMaxIter(1).fit(Frames.classificationFrame());
        Path path = dir.resolve("corrupt");
        model.write().save(path.toString());
        Path data = path.resolve("data/model.safetensors");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length - 4));
        // Hadoop's local file system checks the bytes against the .crc file it wrote beside them.
        Files.deleteIfExists(path.resolve("data/.model.safetensors.crc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackpropClassificationModel.load(path.toString()));
        assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
