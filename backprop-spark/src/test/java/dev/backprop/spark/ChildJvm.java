package dev.backprop.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts a JVM of the tests' own Java with the tests' class path and Spark's JVM options (the
 * pom's {@code spark.jvm.options}, passed as a system property), because a JVM holds one
 * SparkContext and its master cannot change.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The tests' class path: surefire's, which its booter jar hides from {@code java.class.path}. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Spark's launcher's JVM options, as the pom lists them. */
    static List<String> sparkOptions() {
        String options = System.getProperty("spark.jvm.options");
        assertTrue(options != null && !options.isBlank(), "the pom passes spark.jvm.options to the tests");
        return Arrays.asList(options.trim().split("\\s+"));
    }

    /**
     * Runs a main class and fails the test, with the end of its output, unless it exits 0.
     *
     * @param dir where its output goes (output.txt)
     * @param env environment variables besides SPARK_LOCAL_IP
     * @param jvm JVM arguments after the class path and Spark's options
     * @param mainAndArgs the main class and its arguments
     */
    static void run(Path dir, Map<String, String> env, List<String> jvm, String... mainAndArgs)
            throws IOException, InterruptedException {
        runWith(classPath(), dir, env, jvm, mainAndArgs);
    }

    /**
     * Runs a main class as {@link #run} does, on another class path.
     *
     * @param classPath the child's class path
     * @param dir where its output goes (output.txt)
     * @param env environment variables besides SPARK_LOCAL_IP
     * @param jvm JVM arguments after the class path and Spark's options
     * @param mainAndArgs the main class and its arguments
     */
    static void runWith(String classPath, Path dir, Map<String, String> env, List<String> jvm, String... mainAndArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath);
        command.addAll(sparkOptions());
        command.addAll(jvm);
        command.addAll(Arrays.asList(mainAndArgs));
        File output = dir.resolve("output.txt").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean exited = process.waitFor(4, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output.toPath());
        String tail = text.substring(Math.max(0, text.length() - 4000));
        assertEquals(0, exited ? process.exitValue() : -1, "the child JVM failed or ran 4 minutes:\n" + tail);
    }
}
