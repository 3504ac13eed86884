package dev.backprop.spark.bench;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Network;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.backprop.spark.bench.Report.f;

/**
 * Backprop on Spark against MLlib's MultilayerPerceptronClassifier, side by side on one
 * SparkSession {@code local[N]}, the same cached Fashion-MNIST DataFrame and the same start
 * (our Xavier weights in MLPC's {@code initialWeights} layout): first a check that both start at
 * the same point and that MLPC's gd steps as we do (1 and 2 iterations); table 1, full-batch
 * gradient descent with the same step on the mean gradient; table 2, MLPC's L-BFGS against our
 * Adam at equal wall time; table 3, our local trainer against ours on Spark, and Spark on 1 core
 * against more. Prints Markdown, and writes it to {@code --out}. Flags: {@link Options}; how to
 * run it: backprop-bench/README.md, "Spark against MLlib".
 */
public final class SparkBench {
    private SparkBench() {
    }

    /**
     * @param args {@code --name value} flags (see {@link Options}), or {@code --help}; exits 2 on a bad
     *        flag, 1 on bad data
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(Options.usage());
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("spark-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(o, args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("spark-bench: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Options o, String[] args) throws IOException {
        FashionData data = FashionData.load(o.data(), o.trainRows(), o.testRows());
        FashionData.checkBlocks(o.trainRows(), o.partitions(), o.block());
        Network start = Ours.start(o.seed());
        Report report = new Report();
        List<String[]> onSpark = new ArrayList<>();
        Ours local;
        SparkSession spark = session(o.cores());
        try {
            header(report, spark, o, args);
            long t = System.nanoTime();
            Dataset<Row> train = FashionData.frame(spark, data.train(), o.partitions());
            Dataset<Row> test = FashionData.frame(spark, data.test(), o.partitions());
            t = took("the cached DataFrames", t);
            Sections.sameStart(report, start, train, test, data, o);
            t = took("the same start", t);
            Sections.gradientDescent(report, start, train, test, data, o);
            t = took("table 1", t);
            Sections.equalTime(report, start, train, test, data, o);
            t = took("table 2", t);
            local = Sections.local(start, data, o);
            onSpark.add(Sections.spark(start, train, data, o, o.cores(), local));
            took("table 3 on " + o.master(), t);
        } finally {
            spark.stop();
        }
        for (int cores : o.scaling()) {
            if (cores != o.cores()) {
                onSpark.add(scaling(cores, start, data, o, local));
            }
        }
        Sections.priceOfSpark(report, local, onSpark, o);
        if (o.out() != null) {
            report.write(o.out());
            System.out.println("(written to " + o.out() + ")");
        }
    }

    /** Tells on stderr (outside the report) how long a part of the run took, for planning a full run. */
    private static long took(String what, long since) {
        long now = System.nanoTime();
        System.err.println(Report.f("spark-bench: %s took %.1f s", what, (now - since) / 1e9));
        return now;
    }

    /** Our Spark run of table 3 on a session of its own, local[cores]: one SparkContext per JVM at a time. */
    private static String[] scaling(int cores, Network start, FashionData data, Options o, Ours local) {
        SparkSession spark = session(cores);
        try {
            return Sections.spark(start, FashionData.frame(spark, data.train(), o.partitions()), data, o, cores,
                    local);
        } finally {
            spark.stop();
        }
    }

    private static SparkSession session(int cores) {
        SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("backprop spark-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(cores)).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    private static void header(Report r, SparkSession spark, Options o, String[] args) {
        r.line("# Backprop on Spark against MLlib's MultilayerPerceptronClassifier");
        r.line("");
        r.line("- date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        r.line("- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + "; Spark " + spark.version()
                + " on " + o.master() + "; " + Runtime.getRuntime().availableProcessors() + " cores; "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        r.line("- kernels: ours " + Kernels.defaults().kind() + "; MLlib's BLAS " + mllibBlas()
                + "; OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
        r.line(f("- data: Fashion-MNIST, %d training and %d test rows, pixels / 255, one cached DataFrame each "
                + "in %d partitions; network %s, sigmoid hidden, softmax output, softmax cross-entropy; our start: "
                + "Xavier, seed %d", o.trainRows(), o.testRows(), o.partitions(), Arrays.toString(Ours.LAYERS), o.seed()));
        r.line(f("- MLPC: blockSize %d, miniBatchFraction 1.0 (MLPC leaves GradientDescent's default), gd with tol 0; "
                + "ours: chunk %d, %d partitions; seconds per iteration leave out our first %d epochs",
                o.block(), o.chunk(), o.partitions(), o.warmup()));
        r.line("- flags: " + (args.length == 0 ? "(defaults)" : String.join(" ", args)));
    }

    /** Spark's choice (org.apache.spark.ml.linalg.BLAS): native BLAS when it loads, else netlib's Java BLAS. */
    private static String mllibBlas() {
        try {
            return dev.ludovic.netlib.blas.NativeBLAS.getInstance().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {     // no native library loads
            return "none native; " + dev.ludovic.netlib.blas.JavaBLAS.getInstance().getClass().getSimpleName();
        }
    }
}
