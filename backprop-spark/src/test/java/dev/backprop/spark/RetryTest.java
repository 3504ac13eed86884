package dev.backprop.spark;

import dev.backprop.io.ModelFile;
import dev.backprop.nn.Network;
import dev.backprop.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A task that fails once is retried by Spark, and the parameters are still the local trainer's,
 * bit for bit. The shared session's {@code local[2]} gives a task one attempt, so this runs in a
 * JVM of its own on {@code local[2,3]} (3 attempts), with one task's first attempt made to fail.
 */
class RetryTest {
    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameBits(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.safetensors");
        Path failures = dir.resolve("failures.txt");
        ChildJvm.run(dir, Map.of(), List.of("-Dspark.master=local[2,3]", "-Dspark.driver.host=127.0.0.1",
                        "-D" + SparkGradients.FAIL_ONCE + "=5:1"),
                ChildTraining.class.getName(), model.toString(), failures.toString());
        assertEquals("1", Files.readString(failures), "task attempts that failed");
        Network local = ChildTraining.network();
        new Trainer(ChildTraining.config()).fit(local, Frames.classification());
        assertArrayEquals(local.parameters(), ModelFile.load(model).network().parameters());
    }
}
