package dev.backprop.spark.submit;

import dev.backprop.io.AtomicFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The files {@link SparkTrain} reads and writes through Hadoop's file systems. A local file is
 * written by the core's {@link AtomicFile} (Hadoop's local file system would leave {@code .crc}
 * files beside it); any other is written to a temporary file beside it and renamed when every
 * output is written, so that a failed run replaces nothing.
 */
final class Outputs {
    private Outputs() {
    }

    /** What each output holds, written all or nothing by {@link #writeAll}. */
    record Output(String path, byte[] bytes) {
    }

    /**
     * @param model the model file's path
     * @return the run record's path: the model file's name with {@code .run.json} for its extension
     */
    static String recordPath(String model) {
        int slash = model.lastIndexOf('/');
        int dot = model.lastIndexOf('.');
        return (dot > slash + 1 ? model.substring(0, dot) : model) + ".run.json";
    }

    /**
     * Writes the outputs, each to a temporary file first; then renames them all into place.
     *
     * @param conf Hadoop's configuration
     * @param outputs the outputs
     * @throws IOException if one cannot be written
     */
    static void writeAll(Configuration conf, List<Output> outputs) throws IOException {
        List<Runnable> commits = new ArrayList<>();
        List<AtomicFile.Pending> pending = new ArrayList<>();
        try {
            for (Output o : outputs) {
                Path path = new Path(o.path());
                FileSystem fs = path.getFileSystem(conf);
                if (fs instanceof LocalFileSystem local) {
                    AtomicFile.Pending p = AtomicFile.open(local.pathToFile(path).toPath());
                    pending.add(p);
                    AtomicFile.writeFully(p.channel(), java.nio.ByteBuffer.wrap(o.bytes()));
                } else {
                    Path temp = new Path(path.getParent(), "." + path.getName() + ".tmp");
                    try (OutputStream out = fs.create(temp, true)) {
                        out.write(o.bytes());
                    }
                    commits.add(() -> rename(fs, temp, path));
                }
            }
            for (AtomicFile.Pending p : pending) {
                p.commit();
            }
            commits.forEach(Runnable::run);
        } finally {
            pending.forEach(AtomicFile.Pending::close);
        }
    }

    private static void rename(FileSystem fs, Path temp, Path path) {
        try {
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(temp, path)) {
                throw new IOException("cannot rename " + temp + " to " + path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The size and SHA-256 of the data read: of the file, or of a directory's data files (those
     * not starting with {@code _} or {@code .}, as Spark reads them) in name order.
     *
     * @param conf Hadoop's configuration
     * @param data the data's path
     * @return bytes, then the SHA-256 in hex
     * @throws IOException if it cannot be read
     */
    static Object[] sizeAndHash(Configuration conf, String data) throws IOException {
        Path path = new Path(data);
        FileSystem fs = path.getFileSystem(conf);
        List<Path> files = new ArrayList<>();
        if (fs.getFileStatus(path).isDirectory()) {
            for (var s : fs.listStatus(path)) {
                String n = s.getPath().getName();
                if (s.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
                    files.add(s.getPath());
                }
            }
            files.sort(null);
        } else {
            files.add(path);
        }
        MessageDigest md = digest();
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = fs.open(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    bytes += n;
                }
            }
        }
        return new Object[] {bytes, HexFormat.of().formatHex(md.digest())};
    }

    /** @param bytes some bytes @return their SHA-256 in hex */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
