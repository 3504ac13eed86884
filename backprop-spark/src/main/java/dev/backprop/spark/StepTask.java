package dev.backprop.spark;

import dev.backprop.math.Kernels;
import dev.backprop.metrics.Evaluation;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.train.GradientSum;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The executors' side of one step: each task takes the batch's chunks it holds, builds the network
 * (from the broadcast parameters) and its buffers once, computes the chunks' gradients in order and
 * returns the sums of its complete subtrees. The function captures only names, sizes and primitive
 * arrays, which is what Spark serializes into the task.
 */
final class StepTask {
    private StepTask() {
    }

    /**
     * @param parameters the network's flat parameters for this step
     * @param sizes units per layer, inputs first
     * @param activations each layer's activation, by {@link Activation#name()}
     * @param loss the loss, by {@link Loss#name()}
     * @param capacity cases per chunk
     * @param first the batch's first chunk id
     * @param chunks the batch's chunks
     * @param classification whether to count correct cases
     * @param failing the partition whose first attempt fails ({@link SparkGradients#FAIL_ONCE}), or −1
     * @return the function for {@code mapPartitions}: one encoded {@link Part}, or none for a partition
     *         without chunks of the batch
     */
    static FlatMapFunction<Iterator<Chunk>, byte[]> of(Broadcast<float[]> parameters, int[] sizes, String[] activations,
                                                      String loss, int capacity, int first, int chunks,
                                                      boolean classification, int failing) {
        return held -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == failing && task.attemptNumber() == 0) {
                throw new IllegalStateException("planted failure of partition " + failing + " (" + SparkGradients.FAIL_ONCE
                        + ")");
            }
            List<Chunk> mine = new ArrayList<>();
            while (held.hasNext()) {
                Chunk c = held.next();
                if (c.id() >= first && c.id() < first + chunks) {
                    mine.add(c);
                }
            }
            if (mine.isEmpty()) {
                return Collections.emptyIterator();
            }
            Network network = network(sizes, activations);
            float[] w = parameters.value();
            System.arraycopy(w, 0, network.parameters(), 0, w.length);
            return Collections.singletonList(run(network, Loss.parse(loss), capacity, mine, first, classification)
                    .encode()).iterator();
        };
    }

    static Network network(int[] sizes, String[] activations) {
        Activation[] a = new Activation[activations.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Activation.parse(activations[i]);
        }
        return new Network(sizes, a);
    }

    /**
     * @return kernels of the JVM's default kind with one thread: Spark runs tasks side by side, and
     *         the thread count never changes the bits
     */
    static Kernels kernels() {
        return Kernels.defaults().kind().equals("scalar") ? Kernels.scalar() : Kernels.create(1);
    }

    /** The chunks (consecutive ids, in order) through one pass, summed subtree by subtree. */
    static Part run(Network network, Loss loss, int capacity, List<Chunk> mine, int first, boolean classification) {
        Kernels kernels = kernels();
        Backpropagation pass = new Backpropagation(network, kernels, capacity);
        int size = network.layout().size();
        GradientSum tree = new GradientSum(kernels, size);
        int a = mine.get(0).id() - first;
        int b = a + mine.size();
        int subtrees = 0;
        for (int s = a; s < b; s += GradientSum.subtree(s, b)) {
            subtrees++;
        }
        int[] sizes = new int[subtrees];
        float[] sums = new float[subtrees * size];
        double[] errors = new double[mine.size()];
        int correct = 0;
        int t = 0;
        for (int s = a; s < b; s += sizes[t++]) {
            sizes[t] = GradientSum.subtree(s, b);
            tree.begin(sizes[t]);
            for (int k = s; k < s + sizes[t]; k++) {
                Chunk c = mine.get(k - a);
                pass.load(c.x(), c.y(), 0, c.cases());
                pass.forward(c.cases());
                if (classification) {
                    correct += Evaluation.correct(pass.output(), pass.target(), c.cases(), network.outputSize());
                }
                errors[k - a] = pass.backward(loss, c.cases(), tree.next());
                tree.push();
            }
            float[] sum = new float[size];
            tree.finish(sum);
            System.arraycopy(sum, 0, sums, t * size, size);
        }
        return new Part(a, sizes, sums, errors, correct, kernels.kind());
    }
}
