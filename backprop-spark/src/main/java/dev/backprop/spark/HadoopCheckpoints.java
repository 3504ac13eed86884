package dev.backprop.spark;

import dev.backprop.data.InputFormatException;
import dev.backprop.io.CheckpointFile;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.CheckpointStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;

/**
 * A run's checkpoint at a Hadoop path (local, HDFS, S3...): the bytes of the core's
 * {@link CheckpointFile}, so that a checkpoint written on Spark opens with {@code CheckpointFile.load}
 * and the other way round. Each save writes the whole checkpoint to {@code .NAME.tmp} beside the
 * file, syncs and closes it, and only then renames it over the file: the previous checkpoint stays
 * whole until the new one is. The rename replaces the file in one step where the file system can
 * (HDFS and local files can; an object store copies). A writer killed mid-save leaves the
 * temporary file, which the next save overwrites.
 */
final class HadoopCheckpoints implements CheckpointStore {
    private final Path file;
    private final Configuration conf;

    /**
     * @param path the checkpoint file's Hadoop path; its directory is created when missing
     * @param conf the Hadoop configuration, such as the SparkContext's
     */
    HadoopCheckpoints(String path, Configuration conf) {
        this.file = new Path(path);
        this.conf = conf;
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        FileContext fc = FileContext.getFileContext(file.toUri(), conf);
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
        try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
                Options.CreateOpts.createParent())) {
            CheckpointFile.save(out, checkpoint);
            out.hsync();
        } catch (IOException | RuntimeException e) {
            try {
                fc.delete(tmp, false);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        fc.rename(tmp, file, Options.Rename.OVERWRITE);
    }

    @Override
    public String name() {
        return file.toString();
    }

    /**
     * @param path a Hadoop path
     * @param conf the Hadoop configuration
     * @return whether a checkpoint file is there
     * @throws UncheckedIOException if the file system cannot be asked
     */
    static boolean exists(String path, Configuration conf) {
        Path file = new Path(path);
        try {
            return file.getFileSystem(conf).exists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the checkpoint at a Hadoop path, with the core's checks.
     *
     * @param path the checkpoint file
     * @param conf the Hadoop configuration
     * @return the checkpoint
     * @throws IllegalArgumentException in one line naming the path, if there is no file or it is
     *         damaged (the core's message names the byte and what was expected there)
     * @throws UncheckedIOException if it cannot be read
     */
    static Checkpoint load(String path, Configuration conf) {
        Path file = new Path(path);
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            return CheckpointFile.load(in, file.toString());
        } catch (InputFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("no checkpoint at " + file + " to resume from", e);
        } catch (ChecksumException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
