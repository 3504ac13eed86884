package dev.backprop.spark;

import dev.backprop.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded {@code backprop-spark.jar} (made by {@code package}, hence an integration test)
 * through Spark's own {@code SparkSubmit}, in a JVM whose class path is only Spark's jars (the
 * {@code spark-classpath.txt} the launcher uses): the jar carries the core, and the model file it
 * writes holds the local trainer's parameters bit for bit.
 */
class SparkSubmitIT {
    @Test
    void theShadedJarRunsUnderSparkSubmit(@TempDir Path dir) throws Exception {
        Path target = Path.of(System.getProperty("backprop.spark.target", "target"));
        Path jar = target.resolve("backprop-spark.jar");
        assertTrue(Files.isRegularFile(jar), "package makes " + jar);
        String sparkJars = Files.readString(target.resolve("spark-classpath.txt")).trim();
        Path model = dir.resolve("m.safetensors");
        List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--class", "dev.backprop.spark.submit.SparkTrain", jar.toString(),
                "--data", SubmitData.csv(dir).toString(), "--out", model.toString()));
        args.addAll(SubmitData.flags());
        ChildJvm.runWith(sparkJars, dir, Map.of(), List.of(), args.toArray(new String[0]));
        assertArrayEquals(SubmitData.localParameters(), ModelFile.load(model).network().parameters());
        assertTrue(Files.isRegularFile(dir.resolve("m.run.json")), "the run record beside the model file");
    }
}
