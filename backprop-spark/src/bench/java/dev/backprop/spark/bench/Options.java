package dev.backprop.spark.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's flags, {@code --name value} each; every one has a default (the full-size run).
 *
 * @param cores the SparkSession's {@code local[N]}
 * @param partitions partitions of the cached DataFrames, and of our Spark trainer
 * @param data the folder of the four Fashion-MNIST {@code .gz} files
 * @param trainRows the first rows of the training set to use
 * @param testRows the first rows of the test set to use
 * @param seed the seed of our initial weights (and of Adam's shuffling)
 * @param eta gradient descent's step on the mean gradient, both sides
 * @param counts the iteration counts of table 1, ascending
 * @param warmup our first epochs left out of the seconds per iteration
 * @param block MLPC's blockSize
 * @param chunk our chunk size
 * @param lbfgs the maxIter values of MLPC's L-BFGS fits in table 2
 * @param adamEta Adam's learning rate in table 2
 * @param adamBatch Adam's batch in table 2
 * @param adamEpochs Adam's epochs in table 2
 * @param scaling the core counts of table 3's Spark runs (an empty array for none)
 * @param scalingIters the timed iterations of table 3's runs, after the warm-up
 * @param out the Markdown file to write, or null
 */
record Options(int cores, int partitions, Path data, int trainRows, int testRows, long seed, double eta, int[] counts,
               int warmup, int block, int chunk, int[] lbfgs, double adamEta, int adamBatch, int adamEpochs,
               int[] scaling, int scalingIters, Path out) {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("cores", "2"),
            Map.entry("partitions", ""), Map.entry("data", "/usr/share/datasets/fashion-mnist"),
            Map.entry("train-rows", "60000"), Map.entry("test-rows", "10000"), Map.entry("seed", "1"),
            Map.entry("eta", "0.5"), Map.entry("counts", "1,5,10,20"), Map.entry("warmup", "2"),
            Map.entry("block", "100"), Map.entry("chunk", "256"), Map.entry("lbfgs", "5,10,20,40"),
            Map.entry("adam-eta", "0.005"), Map.entry("adam-batch", "4096"), Map.entry("adam-epochs", "30"),
            Map.entry("scaling", "1,2"), Map.entry("scaling-iters", "10"), Map.entry("out", ""));

    /**
     * @param args {@code --name value} pairs
     * @return the options
     * @throws IllegalArgumentException in one line naming the flag and what was expected
     */
    static Options parse(String[] args) {
        Map<String, String> v = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown flag '" + args[i] + "'; expected one of --"
                        + String.join(", --", new java.util.TreeSet<>(DEFAULTS.keySet())));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            v.put(name, args[i + 1]);
        }
        int cores = positive(v, "cores");
        int[] counts = list(v, "counts", false);
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] <= counts[k - 1]) {
                throw new IllegalArgumentException("--counts must ascend, got " + v.get("counts"));
            }
        }
        String out = v.get("out");
        return new Options(cores, v.get("partitions").isEmpty() ? cores : positive(v, "partitions"),
                Path.of(v.get("data")), positive(v, "train-rows"), positive(v, "test-rows"), number(v, "seed"),
                rate(v, "eta"), counts, (int) number(v, "warmup"), positive(v, "block"), positive(v, "chunk"),
                list(v, "lbfgs", false), rate(v, "adam-eta"), positive(v, "adam-batch"), positive(v, "adam-epochs"),
                list(v, "scaling", true), positive(v, "scaling-iters"), out.isEmpty() ? null : Path.of(out));
    }

    private static long number(Map<String, String> v, String name) {
        try {
            long n = Long.parseLong(v.get(name).trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer >= 0, got '" + v.get(name) + "'");
        }
    }

    private static int positive(Map<String, String> v, String name) {
        long n = number(v, name);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be an integer >= 1, got '" + v.get(name) + "'");
        }
        return (int) n;
    }

    private static double rate(Map<String, String> v, String name) {
        try {
            double r = Double.parseDouble(v.get(name).trim());
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // refused below, in the same words
        }
        throw new IllegalArgumentException("--" + name + " must be a number > 0, got '" + v.get(name) + "'");
    }

    private static int[] list(Map<String, String> v, String name, boolean noneAllowed) {
        String s = v.get(name).trim();
        if (noneAllowed && s.equals("none")) {
            return new int[0];
        }
        try {
            int[] r = Arrays.stream(s.split(",")).mapToInt(t -> Integer.parseInt(t.trim())).toArray();
            if (Arrays.stream(r).allMatch(k -> k >= 1)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // refused below, in the same words
        }
        throw new IllegalArgumentException("--" + name + " must be a comma-separated list of integers >= 1"
                + (noneAllowed ? " or 'none'" : "") + ", got '" + s + "'");
    }

    /** @return the flags and their defaults, one a line */
    static String usage() {
        StringBuilder b = new StringBuilder("flags (--name value), with their defaults:\n");
        new java.util.TreeMap<>(DEFAULTS).forEach((k, d) -> b.append("  --").append(k).append(' ')
                .append(d.isEmpty() ? (k.equals("out") ? "(none: print only)" : "(--cores)") : d).append('\n'));
        return b.toString();
    }

    /** @return the Spark master of the main session */
    String master() {
        return "local[" + cores + "]";
    }
}
