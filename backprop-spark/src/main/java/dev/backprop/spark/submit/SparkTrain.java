package dev.backprop.spark.submit;

import dev.backprop.data.Scaler;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.OptimizerSpec;
import dev.backprop.spark.SparkTrainer;
import dev.backprop.train.EpochRecord;
import dev.backprop.train.History;
import dev.backprop.train.TrainingConfig;
import dev.backprop.train.TrainingListener;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code backprop train} on Spark, for {@code spark-submit --class dev.backprop.spark.submit.SparkTrain
 * backprop-spark.jar FLAGS}: the same flags, meanings and defaults as {@code train} where they
 * apply, for data Spark reads (Parquet, CSV, LibSVM, JSON, from any Hadoop path); trains through
 * {@link SparkTrainer} with the same bits as {@code train} on the same cases; writes the same model
 * file and run record ({@code NAME.run.json}), through Hadoop's file system of {@code --out}.
 *
 * <p>Spark-only flags: {@code --format parquet|csv|libsvm|json} (default: from the extension),
 * {@code --features-column COL} (a vector column; default: LibSVM's {@code features}, else every
 * column but the label(s) and the index, in order), {@code --index-column COL}, {@code --partitions N}
 * (default: the data's), and {@code --master URL}, which runs Spark in this JVM (for example
 * {@code local[*]}, with the web UI off) instead of the master {@code spark-submit} gives.
 *
 * <p>Exit status as {@code train}'s: 0 done, 1 failed, 2 bad input (one line naming the flag or column;
 * nothing written).
 */
public final class SparkTrain {
    private static final Map<String, String> VALUED = aliases("--data -d", "--label-column --label", "--task",
            "--layers", "--hidden", "--activation", "--output-activation", "--loss", "--initializer", "--optimizer",
            "--eta --learning-rate", "--momentum", "--momentum-form", "--beta1", "--beta2", "--rho", "--epsilon",
            "--weight-decay", "--schedule", "--epochs", "--batch-size", "--seed", "--out -o", "--scale", "--format",
            "--features-column", "--index-column", "--partitions", "--master");
    private static final Map<String, String> SWITCHES = aliases("--full-batch", "--sum", "--no-shuffle",
            "--quiet -q");
    private static final Map<String, String> REFUSED = refused();

    private SparkTrain() {
    }

    /**
     * Trains, and exits with the status of {@link #run} when it is not 0.
     *
     * @param args train's flags and the Spark-only ones
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Trains on the active SparkSession (or one started with {@code --master}), writing the model
     * file and run record, and reports on {@code out} (one line per epoch, unless {@code --quiet})
     * and {@code err} (the one line of a failure).
     *
     * @param args the flags
     * @param out where progress and results go
     * @param err where the failure goes
     * @return 0 when done, 1 when training or writing failed, 2 for bad input (nothing written)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Flags flags = Flags.parse(args, VALUED, SWITCHES, REFUSED);
            Run run = Run.of(flags);
            run.train(session(flags), List.of(args), flags.has("--quiet") ? null : out);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("spark-train: " + e.getMessage());
            return 2;
        } catch (Exception e) {     // Spark's Scala code throws checked exceptions it does not declare
            if (e instanceof AnalysisException) {
                err.println("spark-train: --data: " + e.getMessage().lines().findFirst().orElse(""));
                return 2;
            }
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    err.println("spark-train: " + t.getMessage());
                    return 2;
                }
            }
            err.println("spark-train: " + e);
            return 1;
        }
    }

    private static SparkSession session(Flags flags) {
        SparkSession.Builder b = SparkSession.builder().appName("backprop spark-train");
        if (flags.has("--master")) {
            b.master(flags.text("--master", null)).config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    private static Map<String, String> aliases(String... groups) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String g : groups) {
            String[] names = g.split(" ");
            for (String n : names) {
                m.put(n, names[0]);
            }
        }
        return m;
    }

    private static Map<String, String> refused() {
        Map<String, String> m = new LinkedHashMap<>();
        String held = "SparkTrainer takes no held-out data yet; split the data in Spark and run 'backprop evaluate'";
        for (String f : List.of("--test", "--test-labels", "--test-split", "--validation-split", "--write-test")) {
            m.put(f, held);
        }
        m.put("--early-stopping", "it watches the validation loss, and " + held);
        m.put("--threads", "each executor's kernels use its own cores, with the same bits for any count");
        m.put("--plot", "this jar carries no chart library; 'backprop compare' and the run record hold the curves");
        for (String f : List.of("--checkpoint-every", "--checkpoint", "--resume")) {
            m.put(f, "checkpoints of a Spark run are not written by this main");
        }
        m.put("--init", "starting from a model file is not offered here");
        m.put("--labels", "IDX files are not a format Spark reads; give --format parquet|csv|libsvm|json data");
        for (String f : List.of("--delimiter", "--header", "--skip-lines", "--encoding", "--max-line-bytes",
                "--max-gzip-ratio")) {
            m.put(f, "Spark reads CSV as comma-separated UTF-8 with a header row; convert other CSV first");
        }
        m.put("--max-classes", "the classes are the label column's distinct values");
        m.put("--log-json", "the run record beside the model file holds every epoch");
        m.put("--progress", "Spark's own progress is in its UI and logs");
        m.put("--no-diagnostics", "the diagnostics do not run on Spark");
        return m;
    }

    /** The settings of one run, checked before any Spark work. */
    private record Run(Flags flags, boolean regression, OptimizerSpec optimizer, String scale, int epochs,
                       String data, String out) {
        static Run of(Flags f) {
            if (!f.has("--data")) {
                throw new IllegalArgumentException("--data PATH is required: the training data, any Hadoop path");
            }
            boolean regression = regression(f);
            String scale = scale(f);
            int epochs = numbers(f);
            OptimizerSpec spec = new OptimizerSpec(f.text("--optimizer", "sgd"), f.decimal("--eta"),
                    f.decimal("--momentum", 0.9f), f.text("--momentum-form", "rhw"), f.decimal("--beta1", 0.9f),
                    f.decimal("--beta2", 0.999f), f.decimal("--rho", 0.9f), f.decimal("--epsilon"),
                    f.decimal("--weight-decay", 0f));
            try {
                spec.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(OptimizerSpec.flagOf(e.getMessage()) + ": " + e.getMessage(), e);
            }
            flagged("--schedule", () -> OptimizerSpec.schedule(f.text("--schedule", OptimizerSpec.CONSTANT), epochs));
            String data = f.text("--data", null);
            String out = f.text("--out", "model.safetensors");
            paths(f, data, out);
            Networks.check(f);
            return new Run(f, regression, spec, scale, epochs, data, out);
        }

        /** Whether the labels are targets: --task, else whether several label columns are given. */
        private static boolean regression(Flags f) {
            String task = f.text("--task", null);
            List<String> labels = f.list("--label-column");
            if (task == null) {
                return labels != null && labels.size() > 1;
            }
            switch (task.toLowerCase(Locale.ROOT)) {
                case "classification":
                    if (labels != null && labels.size() > 1) {
                        throw new IllegalArgumentException("--task classification takes one --label-column, got "
                                + labels);
                    }
                    return false;
                case "regression": return true;
                default: throw new IllegalArgumentException("--task '" + task + "': expected classification or "
                        + "regression");
            }
        }

        private static String scale(Flags f) {
            String scale = f.text("--scale", Scaler.MINMAX);
            if (scale.equals(Scaler.STANDARD)) {
                throw new IllegalArgumentException("--scale standard: its mean and deviation are sums whose bits "
                        + "depend on the partitioning on Spark; give minmax (exact in any order) or none");
            }
            if (!scale.equals(Scaler.MINMAX) && !scale.equals(Scaler.NONE)) {
                throw new IllegalArgumentException("--scale '" + scale + "': expected none or minmax (standard is "
                        + "not offered on Spark)");
            }
            return scale;
        }

        /** Checks the whole-number flags; returns --epochs. */
        private static int numbers(Flags f) {
            int epochs = f.integer("--epochs", 30);
            if (epochs < 0) {
                throw new IllegalArgumentException("--epochs " + epochs + ": expected 0 or more");
            }
            if (!f.has("--full-batch") && f.integer("--batch-size", 32) < 1) {
                throw new IllegalArgumentException("--batch-size " + f.integer("--batch-size", 32)
                        + ": expected 1 or more");
            }
            if (f.has("--partitions") && f.integer("--partitions", 1) < 1) {
                throw new IllegalArgumentException("--partitions " + f.integer("--partitions", 1)
                        + ": expected 1 or more");
            }
            f.longValue("--seed", 1);
            return epochs;
        }

        /** Checks --out's local directory, that --out is not --data, and that the format is known. */
        private static void paths(Flags f, String data, String out) {
            java.net.URI where = new org.apache.hadoop.fs.Path(out).toUri();
            if (where.getScheme() == null || where.getScheme().equals("file")) {
                java.nio.file.Path dir = java.nio.file.Path.of(where.getPath()).toAbsolutePath().getParent();
                if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("--out " + out + ": the directory " + dir + " does not exist");
                }
            }
            if (out.equals(data) || Outputs.recordPath(out).equals(data)) {
                throw new IllegalArgumentException("--out " + out + " would overwrite --data");
            }
            String format = f.text("--format", null);
            if (format != null ? !List.of("parquet", "csv", "libsvm", "json").contains(format)
                    : Input.formatOf(data) == null) {
                throw new IllegalArgumentException((format != null ? "--format '" + format + "'"
                        : "--data " + data + ": no known extension") + "; expected --format parquet, csv, libsvm or "
                        + "json");
            }
        }

        void train(SparkSession spark, List<String> command, PrintStream progress) throws IOException {
            long started = System.nanoTime();
            String startedAt = java.time.Instant.now().toString();
            var conf = spark.sparkContext().hadoopConfiguration();
            org.apache.hadoop.fs.Path dataPath = new org.apache.hadoop.fs.Path(data);
            if (!dataPath.getFileSystem(conf).exists(dataPath)) {
                throw new IllegalArgumentException("--data " + data + ": no such file or directory");
            }
            String format = flags.has("--format") ? flags.text("--format", null) : Input.formatOf(data);
            Input input = Input.read(spark, data, format, flags.list("--label-column"),
                    flags.text("--features-column", null), flags.text("--index-column", null), regression);
            long seed = flags.longValue("--seed", 1);
            Network net = Networks.build(flags, input.inputs(), input.outputs(), regression, seed);
            Loss loss = Networks.loss(flags, regression, net);
            Optimizer opt = optimizer.build();
            Scaler scaler = input.fitScaler(scale);
            Input scaled = input.scaled(scaler);
            int cases = Math.toIntExact(scaled.frame().count());
            TrainingConfig config = config(loss, opt, seed, progress, input.classNames() != null);
            if (progress != null) {
                progress.printf(Locale.ROOT, "network %s, loss %s, %s%s, batch %s, %d epochs, seed %d; %d cases%n",
                        Arrays.toString(net.sizes()), loss.name(), opt.describe(), flags.has("--sum")
                                ? " on the batch sum" : " on the batch mean", flags.has("--full-batch") ? "all"
                                : Integer.toString(Math.min(flags.integer("--batch-size", 32), cases)), epochs, seed,
                        cases);
            }
            History history = epochs == 0 ? null : fit(scaled, net, config, cases);
            Map<String, String> settings = settings(opt, input, cases, history);
            Model model = new Model(net, loss, input.classNames() != null ? input.classNames() : List.of(), scaler,
                    settings, seed);
            ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
            ModelFile.save(modelBytes, model);
            Map<String, Object> record = Records.record(command, startedAt, seed, spark, settings, net, loss, scaler,
                    history, this.out, modelBytes.toByteArray(), Outputs.sizeAndHash(conf, data), data, started);
            String recordPath = Outputs.recordPath(this.out);
            Outputs.writeAll(conf, List.of(new Outputs.Output(this.out, modelBytes.toByteArray()),
                    new Outputs.Output(recordPath, RecordJson.write(record).getBytes(StandardCharsets.UTF_8))));
            if (progress != null) {
                progress.println("model written to " + this.out);
                progress.println("run record written to " + recordPath);
            }
        }

        private History fit(Input input, Network net, TrainingConfig config, int cases) {
            int partitions = flags.has("--partitions") ? flags.integer("--partitions", 1)
                    : input.frame().rdd().getNumPartitions();
            SparkTrainer trainer = new SparkTrainer(config, partitions);
            String index = flags.text("--index-column", null);
            if (index != null) {
                trainer = trainer.withIndexCol(index);
            }
            return regression ? trainer.fitRegressor(net, input.frame(), Input.FEATURES, Input.LABEL)
                    : trainer.fitClassifier(net, input.frame(), Input.FEATURES, Input.LABEL);
        }

        private TrainingConfig config(Loss loss, Optimizer opt, long seed, PrintStream out, boolean classification) {
            TrainingConfig.Builder cb = TrainingConfig.builder(loss, opt).epochs(Math.max(1, epochs))
                    .averageGradient(!flags.has("--sum")).shuffle(!flags.has("--no-shuffle")).seed(seed)
                    .schedule(OptimizerSpec.schedule(flags.text("--schedule", OptimizerSpec.CONSTANT), epochs));
            if (flags.has("--full-batch")) {
                cb.fullBatch();
            } else {
                cb.batchSize(flags.integer("--batch-size", 32));
            }
            if (out != null) {
                cb.listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord r) {
                        out.println(epochLine(r, epochs, classification));
                    }
                });
            }
            return cb.build();
        }

        /** The model file's training settings, as {@code train} writes them. */
        private Map<String, String> settings(Optimizer opt, Input input, int cases, History history) {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("library", "backprop " + Records.library());
            s.put("data", new org.apache.hadoop.fs.Path(data).getName());
            s.put("optimizer", opt.describe());
            s.put("schedule", flags.text("--schedule", OptimizerSpec.CONSTANT));
            if (optimizer.weightDecay() != 0) {
                s.put("weight_decay", Float.toString(optimizer.weightDecay()));
            }
            s.put("epochs", Integer.toString(epochs));
            s.put("epochs_run", Integer.toString(history == null ? 0 : history.epochs().size()));
            s.put("batch_size", flags.has("--full-batch") ? "full"
                    : Integer.toString(flags.integer("--batch-size", 32)));
            s.put("gradient", flags.has("--sum") ? "sum" : "mean");
            s.put("shuffle", Boolean.toString(!flags.has("--no-shuffle")));
            s.put("initializer", flags.text("--initializer", "xavier"));
            s.put("train_cases", Integer.toString(cases));
            s.put("validation_cases", "0");
            s.put("test_cases", "0");
            if (input.featureNames() != null) {
                s.put("features", String.join("\n", input.featureNames()));
            }
            if (input.targetNames() != null) {
                s.put("targets", String.join("\n", input.targetNames()));
            }
            return s;
        }
    }

    /** One epoch's line, as {@code train} prints it. */
    static String epochLine(EpochRecord r, int epochs, boolean classification) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.6f", r.epoch() + 1,
                epochs, r.trainLoss()));
        if (classification) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * r.trainAccuracy()));
        }
        return sb.append(String.format(Locale.ROOT, " | η %.4g, %.2f s", r.learningRate(), r.seconds())).toString();
    }

    /** Runs a core parser, naming the flag in its message. */
    static <T> T flagged(String flag, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
