package dev.backprop.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.HashPartitioner;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Packs the cases into the chunks of one epoch order: each case goes to its position's chunk (see
 * {@link Geometry}), each chunk's cases in position order. One shuffle per order; an unshuffled run
 * packs once.
 */
final class Pack {
    private Pack() {
    }

    /**
     * @param cases (case index, its inputs then its targets), cached
     * @param positions the position of each case in the epoch's order, or null for the identity;
     *        kept while the chunks are, since a lost block is recomputed from it
     * @param g the epoch's geometry
     * @param inputs values of x per case
     * @return the chunks, {@code g.partitions()} partitions of contiguous ids in order, cached
     */
    static JavaRDD<Chunk> chunks(JavaPairRDD<Long, float[]> cases, Broadcast<int[]> positions, Geometry g,
                                 int inputs) {
        int n = g.cases();
        int batch = g.batch();
        int chunk = g.chunk();
        int parts = g.partitions();
        JavaPairRDD<Integer, Tuple2<Integer, float[]>> keyed = cases.mapToPair(t -> {
            Geometry at = new Geometry(n, batch, chunk, parts);
            int i = (int) (long) t._1();
            int p = positions == null ? i : positions.value()[i];
            return new Tuple2<>(at.partitionOf(at.chunkOf(p)), new Tuple2<>(p, t._2()));
        });
        JavaRDD<Chunk> chunks = keyed.partitionBy(new HashPartitioner(parts))
                .mapPartitions(held -> pack(held, new Geometry(n, batch, chunk, parts), inputs).iterator());
        chunks.persist(StorageLevel.MEMORY_ONLY());
        return chunks;
    }

    /**
     * @param jsc the context
     * @param order an epoch's order: position p holds case order[p]
     * @return each case's position, broadcast, or null when the order is the identity
     */
    static Broadcast<int[]> positions(JavaSparkContext jsc, int[] order) {
        return isIdentity(order) ? null : jsc.broadcast(positionsOf(order));
    }

    private static boolean isIdentity(int[] order) {
        for (int p = 0; p < order.length; p++) {
            if (order[p] != p) {
                return false;
            }
        }
        return true;
    }

    private static int[] positionsOf(int[] order) {
        int[] positions = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            positions[order[p]] = p;
        }
        return positions;
    }

    /** One partition's cases, (position, x then y), into its chunks in id order. */
    private static List<Chunk> pack(Iterator<Tuple2<Integer, Tuple2<Integer, float[]>>> held, Geometry g, int inputs) {
        List<Tuple2<Integer, float[]>> cases = new ArrayList<>();
        held.forEachRemaining(t -> cases.add(t._2()));
        cases.sort(Comparator.comparingInt(Tuple2::_1));
        List<Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < cases.size(); ) {
            int id = g.chunkOf(cases.get(from)._1());
            int to = from;
            while (to < cases.size() && g.chunkOf(cases.get(to)._1()) == id) {
                to++;
            }
            int width = cases.get(from)._2().length;
            int outputs = width - inputs;
            float[] x = new float[(to - from) * inputs];
            float[] y = new float[(to - from) * outputs];
            for (int c = from; c < to; c++) {
                float[] xy = cases.get(c)._2();
                System.arraycopy(xy, 0, x, (c - from) * inputs, inputs);
                System.arraycopy(xy, inputs, y, (c - from) * outputs, outputs);
            }
            chunks.add(new Chunk(id, to - from, x, y));
            from = to;
        }
        return chunks;
    }
}
