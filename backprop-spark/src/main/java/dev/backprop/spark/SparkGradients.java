package dev.backprop.spark;

import dev.backprop.nn.Network;
import dev.backprop.train.BatchGradients;
import dev.backprop.train.GradientSum;
import dev.backprop.train.TrainingConfig;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Function1;
import scala.reflect.ClassTag$;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The driver's side of {@link BatchGradients} on Spark: packs the cases for the epoch's order when
 * it changes, runs one job per step over the packed chunks with the parameters broadcast, and adds
 * the tasks' complete subtrees in the {@link GradientSum} tree by chunk index, whatever the order
 * the tasks finished in, and their chunks' E values in chunk order. A step's job runs on the
 * partitions that hold the batch's chunks only: with small batches most partitions hold none.
 */
final class SparkGradients implements BatchGradients, AutoCloseable {
    private final JavaSparkContext jsc;
    private final JavaPairRDD<Long, float[]> cases;
    private final Network network;
    private final Geometry geometry;
    private final String loss;
    private final boolean classification;
    private final int[] sizes;
    private final String[] activations;
    private final GradientSum tree;
    private final float[] subtree;
    private final int[] plantedFailure;
    private int step;
    private String kernelKind;
    private int[] packedOrder;
    private JavaRDD<Chunk> chunks;
    private Broadcast<int[]> positions;

    /**
     * @param jsc the context
     * @param cases (case index, its inputs then its targets), cached; indices 0..count−1
     * @param count the cases
     * @param network the driver's network, whose parameters each step broadcasts
     * @param config the run's settings
     * @param partitions the partitions to spread the chunks over
     * @param classification whether the targets are class labels
     */
    SparkGradients(JavaSparkContext jsc, JavaPairRDD<Long, float[]> cases, int count, Network network,
                   TrainingConfig config, int partitions, boolean classification) {
        this.jsc = jsc;
        this.cases = cases;
        this.network = network;
        int batch = Math.min(config.batchSize(), count);
        this.geometry = new Geometry(count, batch, config.chunkCases(count), partitions);
        this.loss = config.loss().name();
        this.classification = classification;
        this.sizes = network.sizes();
        this.activations = new String[network.layers()];
        for (int l = 0; l < activations.length; l++) {
            activations[l] = network.activation(l).name();
        }
        this.tree = new GradientSum(config.kernels(), network.layout().size());
        this.subtree = new float[network.layout().size()];
        this.plantedFailure = plantedFailure(jsc.getConf().get(FAIL_ONCE, ""));
    }

    /**
     * The setting "step:partition" (both from 0) that makes the first attempt of that step's task
     * for that partition fail, so that a test can see Spark retry a task with the same bits (a
     * partition that holds none of that step's chunks runs no task, and nothing fails). It is read
     * only when set: nothing fails without it.
     */
    static final String FAIL_ONCE = "spark.backprop.test.failOnce";

    private static int[] plantedFailure(String setting) {
        if (setting.isEmpty()) {
            return null;
        }
        String[] parts = setting.split(":");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // refused below, in the same words
        }
        throw new IllegalArgumentException(FAIL_ONCE + " must be step:partition, got '" + setting + "'");
    }

    @Override
    public int cases() {
        return geometry.cases();
    }

    @Override
    public boolean classification() {
        return classification;
    }

    /** Computed on the executors from the cached cases, one job: asked for once a run, when it checkpoints. */
    @Override
    public String crc32c() {
        return CasesCrc.of(cases, geometry.cases(), sizes[0], sizes[sizes.length - 1]);
    }

    @Override
    public double batch(int[] order, int first, int count, float[] gradient, int[] correct) {
        if (packedOrder == null || !Arrays.equals(order, packedOrder)) {
            repack(order);
        }
        int firstChunk = geometry.chunkOf(first);
        int batchChunks = geometry.chunkOf(first + count - 1) - firstChunk + 1;
        int lo = geometry.partitionOf(firstChunk);
        int hi = geometry.partitionOf(firstChunk + batchChunks - 1);
        // a task's partition id counts the held partitions from lo
        int failing = plantedFailure != null && plantedFailure[0] == step && plantedFailure[1] >= lo
                && plantedFailure[1] <= hi ? plantedFailure[1] - lo : -1;
        step++;
        Broadcast<float[]> w = jsc.broadcast(network.parameters().clone());
        List<Part> parts;
        try {
            parts = new ArrayList<>();
            for (byte[] part : held(lo, hi).mapPartitions(StepTask.of(w, sizes, activations, loss, geometry.chunk(),
                    firstChunk, batchChunks, classification, failing)).collect()) {
                parts.add(Part.decode(part));
            }
        } finally {
            w.destroy();
        }
        return combine(parts, batchChunks, gradient, correct);
    }

    /** The packed chunks of partitions lo..hi, as their own RDD when that leaves some out. */
    private JavaRDD<Chunk> held(int lo, int hi) {
        if (lo == 0 && hi == geometry.partitions() - 1) {
            return chunks;
        }
        Function1<Object, Object> keep = (Function1<Object, Object> & Serializable) p -> (int) p >= lo && (int) p <= hi;
        return JavaRDD.fromRDD(PartitionPruningRDD.create(chunks.rdd(), keep), ClassTag$.MODULE$.apply(Chunk.class));
    }

    /** @return the steps run so far */
    long steps() {
        return step;
    }

    /** @return the kernel kind every task of every step reported, or null before the first step */
    String kernelKind() {
        return kernelKind;
    }

    /** Adds the tasks' parts in chunk order: subtrees into the tree, E values one by one. */
    double combine(List<Part> parts, int batchChunks, float[] gradient, int[] correct) {
        parts.sort(Comparator.comparingInt(Part::first));
        kernelKind = Kinds.agreed(parts, kernelKind, step - 1);
        tree.begin(batchChunks);
        double E = 0;
        int next = 0;
        for (Part part : parts) {
            if (part.first() != next) {
                throw new IllegalStateException("the tasks returned chunks from " + part.first() + " after " + next
                        + " of the batch's " + batchChunks);
            }
            for (int t = 0; t < part.sizes().length; t++) {
                System.arraycopy(part.sums(), t * subtree.length, subtree, 0, subtree.length);
                tree.push(next, part.sizes()[t], subtree);
                next += part.sizes()[t];
            }
            for (double e : part.errors()) {
                E += e;
            }
            correct[0] += part.correct();
        }
        if (next != batchChunks) {
            throw new IllegalStateException("the tasks returned " + next + " of the batch's " + batchChunks + " chunks");
        }
        tree.finish(gradient);
        return E;
    }

    private void repack(int[] order) {
        close();
        positions = Pack.positions(jsc, order);
        chunks = Pack.chunks(cases, positions, geometry, sizes[0]);
        packedOrder = order.clone();
    }

    /** Lets go of the packed chunks and the order they were packed for. */
    @Override
    public void close() {
        if (chunks != null) {
            chunks.unpersist(false);
            chunks = null;
        }
        if (positions != null) {
            positions.destroy();
            positions = null;
        }
        packedOrder = null;
    }
}
