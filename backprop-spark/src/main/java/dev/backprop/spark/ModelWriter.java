package dev.backprop.spark;

import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Saves a network stage as Spark ML saves its own models: the params in Spark's JSON metadata
 * ({@code metadata/}), and the data, here the core's model file, in {@link #DATA}: the bytes
 * {@code backprop train} writes, so {@code backprop predict} and Python's {@code safetensors} read
 * it as it is. Both go through the Hadoop file system of the path (local, HDFS, S3...).
 */
final class ModelWriter extends MLWriter {
    /** Where under a saved stage's directory the model file lies. */
    static final String DATA = "data/model.safetensors";
    private final Params stage;
    private final Model file;

    /**
     * @param stage the stage whose params are saved
     * @param file what it saves as its model file
     */
    ModelWriter(Params stage, Model file) {
        this.stage = stage;
        this.file = file;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sparkSession());
        Path data = new Path(path, DATA);
        try {
            FileSystem fs = data.getFileSystem(sc().hadoopConfiguration());
            try (OutputStream out = fs.create(data, true)) {
                ModelFile.save(out, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model file " + data + ": " + e.getMessage(), e);
        }
    }
}
