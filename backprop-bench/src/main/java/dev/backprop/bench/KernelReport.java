package dev.backprop.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link GemmBenchmark} through JMH and prints, for every shape and implementation, the time
 * per product, GFLOP/s (2·M·N·K / time) and the ratio of its GFLOP/s to OpenBLAS's on the same
 * shape, one column per OpenBLAS thread count measured.
 *
 * <pre>
 * java -jar backprop-bench/target/benchmarks.jar [options]
 *   -smoke           1 fork, 1 warmup and 1 measured iteration of 1 s: checks that all runs, measures nothing
 *   -f N             forks per (shape, impl) (default 1)
 *   -wi N, -i N      warmup and measured iterations (default 5 and 5)
 *   -w T, -r T       time of one warmup / measured iteration, e.g. 1s, 500ms (default 1s)
 *   -shapes S,...    shape names or prefixes: N2, N2.L2, N2.L2.fwd (default: all)
 *   -impls I,...     implementations, name or name@threads (default: backprop,scalar,openblas@1,openblas@2)
 *   -jvm PATH        java binary for the forked JVMs (default: this one)
 *   -csv FILE        also write the table as CSV
 *   -json FILE       also write JMH's raw results as JSON
 *   -quiet           no JMH progress output
 *   -list            print the shapes and implementations and exit
 * </pre>
 * The system property {@code backprop.bench.threads} sets the threads of an implementation named
 * without {@code @threads} (default 2).
 */
public final class KernelReport {

    private KernelReport() {
    }

    /**
     * @param args options, see the class comment
     */
    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("kernel report: " + e.getMessage());
            System.exit(2);
        }
    }

    /** One measured (shape, implementation). */
    private record Row(GemmShape shape, KernelImpls.Spec impl, String param, double nanos, double error) {
        double gflops() {
            return shape.gflops(nanos);
        }
    }

    static int run(String[] args, PrintStream out) {
        Map<String, String> opts = parse(args);
        if (opts.containsKey("list")) {
            for (GemmShape s : GemmShape.all()) {
                out.printf(Locale.ROOT, "%-11s %s M=%d N=%d K=%d  %.3f MFLOP%n",
                        s.name(), s.form().blas(), s.m(), s.n(), s.k(), s.flops() / 1e6);
            }
            out.println("implementations: " + KernelImpls.names() + " (name or name@threads)");
            return 0;
        }
        List<GemmShape> shapes = selectShapes(opts.get("shapes"));
        List<String> impls = selectImpls(opts.get("impls"));

        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(Pattern.quote(GemmBenchmark.class.getName() + ".gemm") + "$")
                .param("shape", shapes.stream().map(GemmShape::name).toArray(String[]::new))
                .param("impl", impls.toArray(new String[0]))
                .shouldFailOnError(true);
        if (opts.containsKey("smoke")) {
            builder.forks(1).warmupIterations(1).measurementIterations(1)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        if (opts.containsKey("f")) {
            builder.forks(positive(opts, "f"));
        }
        if (opts.containsKey("wi")) {
            builder.warmupIterations(Integer.parseInt(opts.get("wi")));
        }
        if (opts.containsKey("i")) {
            builder.measurementIterations(positive(opts, "i"));
        }
        if (opts.containsKey("w")) {
            builder.warmupTime(TimeValue.fromString(opts.get("w")));
        }
        if (opts.containsKey("r")) {
            builder.measurementTime(TimeValue.fromString(opts.get("r")));
        }
        if (opts.containsKey("jvm")) {
            builder.jvm(opts.get("jvm"));
        }
        if (opts.containsKey("json")) {
            builder.result(opts.get("json")).resultFormat(ResultFormatType.JSON);
        }
        if (opts.containsKey("quiet")) {
            builder.verbosity(VerboseMode.SILENT);
        }

        printEnvironment(out, opts);
        Collection<RunResult> results;
        try {
            results = new Runner(builder.build()).run();
        } catch (RunnerException e) {
            out.flush();
            System.err.println("kernel report: JMH failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        }
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String impl = r.getParams().getParam("impl");
            rows.add(new Row(GemmShape.of(r.getParams().getParam("shape")), KernelImpls.Spec.parse(impl), impl,
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        rows.sort((x, y) -> {
            int c = Integer.compare(GemmShape.all().indexOf(x.shape), GemmShape.all().indexOf(y.shape));
            return c != 0 ? c : Integer.compare(impls.indexOf(x.param), impls.indexOf(y.param));
        });
        TreeMap<Integer, String> blasColumns = new TreeMap<>();
        for (Row r : rows) {
            if (r.impl.isOpenBlas()) {
                blasColumns.put(r.impl.threads(), "÷" + r.impl);
            }
        }
        printTable(out, rows, blasColumns);
        if (opts.containsKey("csv")) {
            writeCsv(Path.of(opts.get("csv")), rows, blasColumns);
            out.println("CSV written to " + opts.get("csv"));
        }
        return 0;
    }

    private static Map<String, String> parse(String[] args) {
        List<String> flags = List.of("smoke", "quiet", "list");
        List<String> valued = List.of("f", "wi", "i", "w", "r", "shapes", "impls", "jvm", "csv", "json");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--?", "");
            if (flags.contains(key)) {
                opts.put(key, "");
            } else if (valued.contains(key) && i + 1 < args.length) {
                opts.put(key, args[++i]);
            } else if (key.equals("h") || key.equals("help")) {
                throw new IllegalArgumentException("options: -smoke -f N -wi N -i N -w TIME -r TIME"
                        + " -shapes S,... -impls I,... -jvm PATH -csv FILE -json FILE -quiet -list");
            } else {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "' (try -help)");
            }
        }
        return opts;
    }

    private static int positive(Map<String, String> opts, String key) {
        int value = Integer.parseInt(opts.get(key));
        if (value < 1) {
            throw new IllegalArgumentException("-" + key + " must be at least 1");
        }
        return value;
    }

    private static List<GemmShape> selectShapes(String spec) {
        if (spec == null) {
            return GemmShape.all();
        }
        List<String> wanted = Arrays.asList(spec.split(","));
        List<GemmShape> shapes = new ArrayList<>();
        for (GemmShape s : GemmShape.all()) {
            for (String w : wanted) {
                if (s.name().equals(w.trim()) || s.name().startsWith(w.trim() + ".")) {
                    shapes.add(s);
                    break;
                }
            }
        }
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no shape matches '" + spec + "' (try -list)");
        }
        return shapes;
    }

    /** The default is the benchmark's own @Param list; a threaded name without @ gets its thread count here. */
    private static List<String> selectImpls(String spec) {
        List<String> given;
        if (spec == null) {
            try {
                given = Arrays.asList(GemmBenchmark.class.getField("impl").getAnnotation(Param.class).value());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        } else {
            given = Arrays.asList(spec.split(","));
        }
        List<String> impls = new ArrayList<>();
        for (String g : given) {
            String name = g.trim();
            KernelImpls.Spec parsed = KernelImpls.Spec.parse(name);
            String param = name.contains("@") || parsed.threads() == 1 && !parsed.isOpenBlas() ? name : parsed.toString();
            if (!impls.contains(param)) {
                impls.add(param);
            }
        }
        return impls;
    }

    private static void printEnvironment(PrintStream out, Map<String, String> opts) {
        out.println("# Kernel report: GemmBenchmark, " + (opts.containsKey("smoke") ? "SMOKE RUN (timings not meaningful)" : "measurement"));
        out.println("# host JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "; forks: " + opts.getOrDefault("jvm", "same java"));
        out.println("# " + OpenBlas.version() + " (JavaCPP presets); cores: " + Runtime.getRuntime().availableProcessors()
                + "; OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                + " OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
        out.flush();
    }

    private static void printTable(PrintStream out, List<Row> rows, TreeMap<Integer, String> blasColumns) {
        out.println();
        out.println("GFLOP/s = 2·M·N·K / time. ÷openblas@t = GFLOP/s ÷ OpenBLAS GFLOP/s on t threads, same shape"
                + " (1.00 = as fast, 0.25 = 4× slower).");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-11s %-2s %5s %5s %5s  %-12s %3s %14s %10s %9s",
                "shape", "op", "M", "N", "K", "impl", "thr", "ns/op", "±ns", "GFLOP/s"));
        for (String column : blasColumns.values()) {
            head.append(String.format(Locale.ROOT, " %12s", column));
        }
        out.println(head);
        GemmShape previous = null;
        for (Row r : rows) {
            if (previous != null && previous != r.shape) {
                out.println();
            }
            previous = r.shape;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-11s %-2s %5d %5d %5d  %-12s %3d %14.1f %10.1f %9.2f",
                    r.shape.name(), r.shape.form().blas(), r.shape.m(), r.shape.n(), r.shape.k(),
                    r.impl.name(), r.impl.threads(), r.nanos, Double.isNaN(r.error) ? 0 : r.error, r.gflops()));
            for (int threads : blasColumns.keySet()) {
                Row blas = openBlas(rows, r.shape, threads);
                line.append(blas == null ? String.format(Locale.ROOT, " %12s", "-")
                        : String.format(Locale.ROOT, " %12.2f", r.gflops() / blas.gflops()));
            }
            out.println(line);
        }
        out.println();
        out.println("Geometric mean of the ratios over the shapes measured:");
        Map<String, List<Row>> byImpl = new LinkedHashMap<>();
        for (Row r : rows) {
            byImpl.computeIfAbsent(r.param, p -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Row>> e : byImpl.entrySet()) {
            KernelImpls.Spec spec = e.getValue().get(0).impl;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-12s %3d", spec.name(), spec.threads()));
            for (int threads : blasColumns.keySet()) {
                double logSum = 0;
                int count = 0;
                for (Row r : e.getValue()) {
                    Row blas = openBlas(rows, r.shape, threads);
                    if (blas != null) {
                        logSum += Math.log(r.gflops() / blas.gflops());
                        count++;
                    }
                }
                line.append(String.format(Locale.ROOT, "   %s %.3f", blasColumns.get(threads),
                        count == 0 ? Double.NaN : Math.exp(logSum / count)));
            }
            out.println(line);
        }
        out.flush();
    }

    private static Row openBlas(List<Row> rows, GemmShape shape, int threads) {
        for (Row r : rows) {
            if (r.shape == shape && r.impl.isOpenBlas() && r.impl.threads() == threads) {
                return r;
            }
        }
        return null;
    }

    private static void writeCsv(Path file, List<Row> rows, TreeMap<Integer, String> blasColumns) {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder head = new StringBuilder("shape,form,m,n,k,impl,threads,ns_per_op,ns_error,gflops");
            for (int threads : blasColumns.keySet()) {
                head.append(",ratio_openblas_").append(threads).append("t");
            }
            w.println(head);
            for (Row r : rows) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%s,%d,%.3f,%.3f,%.4f",
                        r.shape.name(), r.shape.form().blas(), r.shape.m(), r.shape.n(), r.shape.k(),
                        r.impl.name(), r.impl.threads(), r.nanos, Double.isNaN(r.error) ? 0 : r.error, r.gflops()));
                for (int threads : blasColumns.keySet()) {
                    Row blas = openBlas(rows, r.shape, threads);
                    line.append(blas == null ? "," : String.format(Locale.ROOT, ",%.4f", r.gflops() / blas.gflops()));
                }
                w.println(line);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
