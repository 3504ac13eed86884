package dev.backprop.spark;

import dev.backprop.io.ModelFile;
import dev.backprop.nn.Network;
import dev.backprop.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training through {@code SparkSubmit --master local-cluster[2,1,1024]}, whose two executors are
 * JVMs of their own (the tasks, the broadcast parameters and the parts cross processes), gives the
 * local trainer's parameters bit for bit.
 */
class LocalClusterTest {
    @Test
    void separateExecutorJvmsGiveTheLocalBits(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.safetensors");
        Path failures = dir.resolve("failures.txt");
        String options = String.join(" ", ChildJvm.sparkOptions());
        ChildJvm.run(dir, sparkHome(dir), List.of(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local-cluster[2,1,1024]", "--class", ChildTraining.class.getName(),
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.extraClassPath=" + ChildJvm.classPath(),
                "--conf", "spark.executor.extraJavaOptions=" + options,
                emptyJar(dir).toString(), model.toString(), failures.toString());
        assertEquals("0", Files.readString(failures), "task attempts that failed");
        Network local = ChildTraining.network();
        new Trainer(ChildTraining.config()).fit(local, Frames.classification());
        assertArrayEquals(local.parameters(), ModelFile.load(model).network().parameters());
    }

    /**
     * The workers launch executors through Spark's launcher, which wants a Spark home with a
     * {@code jars} folder and a Scala version; the executors' classes come from the test class
     * path instead, so an empty folder serves.
     */
    static Map<String, String> sparkHome(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13");
    }

    /** SparkSubmit's primary resource: the classes are on the class path already. */
    static Path emptyJar(Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }
}
