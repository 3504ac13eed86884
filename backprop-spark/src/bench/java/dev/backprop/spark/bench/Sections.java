package dev.backprop.spark.bench;

import dev.backprop.math.Kernels;
import dev.backprop.nn.Network;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.backprop.spark.bench.Report.f;

/** The report's sections, each measured where it is written. */
final class Sections {
    private Sections() {
    }

    /**
     * Both sides start at the same point and take the same steps: the start's round trip through
     * MLPC's layout, the losses MLPC records against ours, and the parameters after 1 and 2
     * iterations of gd, beside what a second step of η/√2 (MLlib's SimpleUpdater) would give.
     */
    static void sameStart(Report r, Network start, Dataset<Row> train, Dataset<Row> test, FashionData data,
                          Options o) {
        double[] init = MlpcLayout.toMlpc(start);
        double roundTrip = MlpcLayout.maxAbsDifference(start.parameters(), MlpcLayout.toOurs(init, start.layout()));
        Ours ours = Ours.spark(start, Ours.gd(o, 2, o.eta()), train, data, o.partitions(), 1, 2);
        Mlpc one = Mlpc.fit("gd", 1, init, Ours.LAYERS, train, test, o);
        Mlpc two = Mlpc.fit("gd", 2, init, Ours.LAYERS, train, test, o);
        Network after1 = start.copy();
        after1.setParameters(ours.clock().parameters(1));
        Ours root = Ours.local(after1, Ours.gd(o, 1, o.eta() / Math.sqrt(2)), Kernels.defaults(), data, 1);
        double[] loss = ours.history().trainLoss();
        double largest = 0;
        for (float w : ours.clock().parameters(2)) {
            largest = Math.max(largest, Math.abs(w));
        }
        r.line("## The same start, the same steps (gd, step " + o.eta() + ")");
        r.table(new String[] {"check", "ours", "MLPC", "max abs difference"}, List.of(
                row("start through MLPC's initialWeights layout and back", "", "", roundTrip),
                row("training loss at the start (mean per case)", f("%.9f", loss[0]), f("%.9f", one.objective()[0]),
                        Math.abs(loss[0] - one.objective()[0])),
                row("training loss after 1 iteration", f("%.9f", loss[1]), f("%.9f", two.objective()[1]),
                        Math.abs(loss[1] - two.objective()[1])),
                row("parameters after 1 iteration", "", "", diff(ours.clock().parameters(1), one, start)),
                row("parameters after 2 iterations", "", "", diff(ours.clock().parameters(2), two, start)),
                row("parameters after 2 iterations, had MLPC's 2nd step been η/√2", "", "",
                        diff(root.network().parameters(), two, start))));
        r.line(f("Largest |parameter| after 2 iterations: %.4f. MLPC's loss history for maxIter=1 holds %d values "
                + "(the loss before the step, and after it: one more pass than steps).", largest,
                one.objective().length));
    }

    private static String[] row(String what, String ours, String mlpc, double difference) {
        return new String[] {what, ours, mlpc, difference == 0 ? "0 (bit for bit)" : f("%.3g", difference)};
    }

    private static double diff(float[] ours, Mlpc mlpc, Network start) {
        return MlpcLayout.maxAbsDifference(ours, MlpcLayout.toOurs(mlpc.weights(), start.layout()));
    }

    /** Table 1: full-batch gd, one fit of ours evaluated at each count, one MLPC fit per count. */
    static void gradientDescent(Report r, Network start, Dataset<Row> train, Dataset<Row> test, FashionData data,
                                Options o) {
        int[] counts = o.counts();
        int last = counts[counts.length - 1];
        Ours ours = Ours.spark(start, Ours.gd(o, last, o.eta()), train, data, o.partitions(), counts);
        List<Mlpc> mlpc = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (int k : counts) {
            Mlpc m = Mlpc.fit("gd", k, MlpcLayout.toMlpc(start), Ours.LAYERS, train, test, o);
            mlpc.add(m);
            rows.add(new String[] {Integer.toString(k), f("%.4f", ours.clock().accuracy(k)), f("%.4f", m.accuracy()),
                    f("%.2f", ours.clock().elapsed()[k - 1]), f("%.2f", m.seconds())});
        }
        r.line("## Table 1: gradient descent, full batch, step " + o.eta() + " on the mean gradient");
        r.table(new String[] {"iterations", "ours: test accuracy", "MLPC: test accuracy", "ours: s since fit start",
                "MLPC: fit s"}, rows);
        double oursPer = ours.perEpoch(o.warmup());
        Mlpc end = mlpc.get(mlpc.size() - 1);
        double mlpcPer = slope(counts, mlpc);
        r.table(new String[] {"figure", "ours (Spark)", "MLPC", "MLPC ÷ ours"}, List.of(
                ratio("seconds per iteration after warm-up", oursPer, mlpcPer),
                ratio("whole fit of " + last + " iterations, s", ours.seconds(), end.seconds()),
                new String[] {"test accuracy after " + last + " iterations", f("%.4f", ours.clock().accuracy(last)),
                        f("%.4f", end.accuracy()), ""}));
        r.line(f("Ours per iteration: the mean of History's epoch seconds after the first %d; MLPC's: the "
                + "least-squares slope of its whole fits' seconds T(k) over the counts k (for two counts "
                + "(T(k₂) − T(k₁)) / (k₂ − k₁)), which leaves out what every fit pays once, such as stacking the blocks.",
                o.warmup()));
    }

    /** @return the least-squares slope of the fits' seconds over their iteration counts, NaN for one count */
    private static double slope(int[] counts, List<Mlpc> fits) {
        double k = Arrays.stream(counts).average().orElse(0);
        double t = fits.stream().mapToDouble(Mlpc::seconds).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < counts.length; i++) {
            num += (counts[i] - k) * (fits.get(i).seconds() - t);
            den += (counts[i] - k) * (counts[i] - k);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static String[] ratio(String what, double ours, double mlpc) {
        return new String[] {what, f("%.3f", ours), f("%.3f", mlpc), f("%.2f×", mlpc / ours)};
    }

    /** Table 2: MLPC's L-BFGS for a few maxIter values against our Adam, evaluated after every epoch. */
    static void equalTime(Report r, Network start, Dataset<Row> train, Dataset<Row> test, FashionData data,
                          Options o) {
        Ours adam = Ours.spark(start, Ours.adam(o), train, data, o.partitions());
        double[] t = adam.clock().elapsed();
        List<String[]> rows = new ArrayList<>();
        for (int maxIter : o.lbfgs()) {
            Mlpc m = Mlpc.fit("l-bfgs", maxIter, MlpcLayout.toMlpc(start), Ours.LAYERS, train, test, o);
            int e = 0;
            while (e < t.length && t[e] <= m.seconds()) {
                e++;
            }
            rows.add(new String[] {Integer.toString(maxIter), Integer.toString(m.objective().length - 1),
                    f("%.2f", m.seconds()), f("%.4f", m.accuracy()), e == 0 ? "—" : Integer.toString(e),
                    e == 0 ? "—" : f("%.2f", t[e - 1]), e == 0 ? "—" : f("%.4f", adam.clock().accuracy(e))});
        }
        r.line(f("## Table 2: MLPC's L-BFGS against our Adam (step %s, batch %d, shuffled) at equal wall time",
                o.adamEta(), o.adamBatch()));
        r.table(new String[] {"MLPC maxIter", "iterations run", "MLPC: fit s", "MLPC: test accuracy",
                "ours: epochs done by then", "ours: s", "ours: test accuracy"}, rows);
        List<String[]> curve = new ArrayList<>();
        for (int e = 1; e <= t.length; e++) {
            curve.add(new String[] {Integer.toString(e), f("%.2f", t[e - 1]), f("%.4f", adam.clock().accuracy(e))});
        }
        r.line("Ours, epoch by epoch (seconds since the fit's start, without the evaluations):");
        r.table(new String[] {"epoch", "s", "test accuracy"}, curve);
    }

    /** @return table 3's baseline: our local trainer, full-batch gd, on as many threads as Spark has cores */
    static Ours local(Network start, FashionData data, Options o) {
        int epochs = o.warmup() + o.scalingIters();
        return Ours.local(start, Ours.gd(o, epochs, o.eta()), Kernels.create(o.cores()), data, epochs);
    }

    /** @return table 3's row for ours on Spark local[cores], the same work as {@code local} */
    static String[] spark(Network start, Dataset<Row> train, FashionData data, Options o, int cores, Ours local) {
        int epochs = o.warmup() + o.scalingIters();
        Ours ours = Ours.spark(start, Ours.gd(o, epochs, o.eta()), train, data, o.partitions(), epochs);
        double s = ours.perEpoch(o.warmup());
        boolean same = Arrays.equals(ours.network().parameters(), local.network().parameters());
        return new String[] {"ours on Spark local[" + cores + "], " + o.partitions() + " partitions",
                Integer.toString(cores), f("%.3f", s), f("%.2f", s / local.perEpoch(o.warmup())), same ? "yes" : "no"};
    }

    /** Table 3: the price of Spark on one machine, and Spark on 1 core against more. */
    static void priceOfSpark(Report r, Ours local, List<String[]> onSpark, Options o) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ours, local Trainer", Integer.toString(o.cores()), f("%.3f", local.perEpoch(o.warmup())),
                "1.00", "—"});
        rows.addAll(onSpark);
        r.line(f("## Table 3: the price of Spark, and scaling (gd as in table 1, %d iterations after %d of warm-up)",
                o.scalingIters(), o.warmup()));
        r.table(new String[] {"run", "cores (threads)", "s per iteration", "÷ local", "same bits as local"}, rows);
    }
}
