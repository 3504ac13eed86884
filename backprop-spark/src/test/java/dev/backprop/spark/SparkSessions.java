package dev.backprop.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' one SparkSession, shared by every test class in the JVM (surefire runs them all in
 * one fork): starting Spark takes seconds, and a JVM holds one SparkContext. It stops when the JVM
 * exits.
 */
final class SparkSessions {
    private static SparkSession session;

    private SparkSessions() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("backprop-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }
}
