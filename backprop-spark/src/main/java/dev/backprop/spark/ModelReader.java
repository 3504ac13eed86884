package dev.backprop.spark;

import dev.backprop.data.InputFormatException;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads what {@link ModelWriter} saved: Spark's metadata for the uid and params, the model file
 * through the core's {@link ModelFile}, with its checks and one-line messages.
 *
 * @param <M> the stage
 */
final class ModelReader<M extends NetworkModel<M>> extends MLReader<M> {
    /** Builds a stage from its uid and model file, or says in one line why the file does not fit it. */
    interface Wrap<M> {
        /**
         * @param uid the stage's uid
         * @param file the model file's content
         * @param source what to call the file in a message
         * @return the stage
         * @throws IllegalArgumentException if the model does not fit the stage
         */
        M wrap(String uid, Model file, String source);
    }

    private final Class<M> type;
    private final Wrap<M> wrap;

    /**
     * @param type the stage's class, which the metadata must name
     * @param wrap how to build the stage
     */
    ModelReader(Class<M> type, Wrap<M> wrap) {
        this.type = type;
        this.wrap = wrap;
    }

    @Override
    public M load(String path) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                type.getName());
        Path data = new Path(path, ModelWriter.DATA);
        M stage = wrap.wrap(metadata.uid(), read(data, sc().hadoopConfiguration()), data.toString());
        metadata.getAndSetParams(stage, Option.empty());
        return stage;
    }

    /**
     * Reads a model file through the Hadoop file system of its path.
     *
     * @param file the model file
     * @param conf the Hadoop configuration
     * @return its model
     * @throws IllegalArgumentException if it is no valid model file: the core's one line, which
     *         names the file and the byte offset
     * @throws UncheckedIOException if it cannot be read
     */
    static Model read(Path file, Configuration conf) {
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            return ModelFile.load(in, file.toString());
        } catch (InputFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file " + file + ": " + e.getMessage(), e);
        }
    }
}
