package dev.backprop.cli.bench;

import dev.backprop.data.Dataset;
import dev.backprop.data.Idx;
import dev.backprop.math.Kernels;
import dev.backprop.math.Rng;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Network;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Optimizer;
import dev.backprop.train.TrainingConfig;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The end-to-end training benchmark behind {@code backprop bench}: trains one of the
 * {@linkplain BenchConfig benchmark networks} on Fashion-MNIST (or on synthetic data of the same
 * shapes when the files are not there) and prints training samples per second (median over the
 * epochs after a warm-up epoch), test accuracy, peak heap and peak resident memory.
 */
public final class TrainingBenchmark {
    /** Where Debian's dataset-fashion-mnist package puts the files. */
    public static final Path DEBIAN_FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private TrainingBenchmark() {
    }

    /**
     * Trains the configuration and prints the figures.
     *
     * @param cfg the configuration
     * @param dir the Fashion-MNIST folder, or null for synthetic data
     * @param epochs epochs to train
     * @param threads kernel threads
     * @param seed the seed
     * @param out where to print
     * @throws IOException if the data cannot be read
     */
    public static void run(BenchConfig cfg, Path dir, int epochs, int threads, long seed, PrintWriter out)
            throws IOException {
        long t0 = System.nanoTime();
        Dataset train;
        Dataset test;
        String source;
        if (dir != null) {
            train = Idx.classification(dir.resolve("train-images-idx3-ubyte.gz"),
                    dir.resolve("train-labels-idx1-ubyte.gz"), 10, 255f);
            test = Idx.classification(dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"), 10, 255f);
            source = "Fashion-MNIST from " + dir;
        } else {
            train = synthetic(60000, seed);
            test = synthetic(10000, seed + 1);
            source = "synthetic data (60000 + 10000 cases of 784 inputs, 10 classes; for speed only: the "
                    + "test accuracy says little)";
        }
        out.printf(Locale.ROOT, "data: %s, read in %.1f s%n", source, (System.nanoTime() - t0) / 1e9);
        Kernels kernels = Kernels.create(threads);
        Network net = new Network(cfg.sizes(), cfg.activations()).initialize(cfg.init(), seed);
        Optimizer opt = cfg.momentum() ? new Momentum(cfg.eta(), 0.9f) : new GradientDescent(cfg.eta());
        TrainingConfig tc = TrainingConfig.builder(cfg.loss(), opt).batchSize(cfg.batch())
                .averageGradient(cfg.average()).seed(seed).kernels(kernels).build();
        out.printf(Locale.ROOT, "%s: %s %s, batch %d, %s%s; kernels %s; JDK %s%n", cfg.name(),
                Arrays.toString(cfg.sizes()), net, cfg.batch(), opt.describe(), cfg.average() ? " on the batch mean" : "",
                kernels, Runtime.version());
        TrainingSession s = new Trainer(tc).session(net, train);
        double[] rates = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            s.beginEpoch();
            while (s.step()) {
                // train
            }
            double sec = (System.nanoTime() - start) / 1e9;
            rates[e] = train.size() / sec;
            out.printf(Locale.ROOT, "epoch %2d: %7.2f s, %9.0f samples/s, train loss %.4f, train accuracy %.4f%n",
                    e + 1, sec, rates[e], s.epochLoss(), s.epochAccuracy());
        }
        Evaluation ev = Evaluation.of(net, cfg.loss(), test);
        double[] measured = Arrays.copyOfRange(rates, epochs > 1 ? 1 : 0, epochs);
        Arrays.sort(measured);
        double median = measured.length % 2 == 1 ? measured[measured.length / 2]
                : (measured[measured.length / 2 - 1] + measured[measured.length / 2]) / 2;
        out.printf(Locale.ROOT, "%s result: %.0f samples/s (median of epochs 2..%d), test accuracy %.4f, "
                        + "peak heap %.0f MB, peak RSS %s%n", cfg.name(), median, epochs, ev.accuracy(),
                peakHeap() / 1e6, peakRss());
        out.flush();
    }

    /** Inputs uniform in [0, 1), labels from a fixed random linear teacher: learnable, same shapes. */
    static Dataset synthetic(int n, long seed) {
        Rng teacher = new Rng(12345);
        float[] w = new float[10 * 784];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) teacher.nextGaussian();
        }
        Rng rng = new Rng(seed);
        float[] x = new float[n * 784];
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < 784; j++) {
                x[c * 784 + j] = (float) rng.nextDouble();
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int d = 0; d < 10; d++) {
                double score = 0;
                for (int j = 0; j < 784; j++) {
                    score += w[d * 784 + j] * (x[c * 784 + j] - 0.5);
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = d;
                }
            }
            labels[c] = best;
        }
        return Dataset.classification(x, labels, 784, 10);
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux
        }
        return "n/a";
    }
}
