package dev.backprop.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The kernel kinds the tasks of a fit's steps reported, which must be one. */
final class Kinds {
    private Kinds() {
    }

    /**
     * @param parts a step's parts
     * @return their one kernel kind (null for no parts)
     * @throws IllegalStateException naming the kinds and how many tasks used each, if they differ:
     *         their sums would not add up to one kind's bits
     */
    static String agreed(List<Part> parts) {
        Map<String, Integer> count = new TreeMap<>();
        for (Part p : parts) {
            count.merge(p.kind(), 1, Integer::sum);
        }
        if (count.size() > 1) {
            throw new IllegalStateException("the executors computed with different kernels " + count
                    + "; give every executor the same JVM options (--add-modules jdk.incubator.vector) and "
                    + "backprop.kernels setting, on machines with the same vector width");
        }
        return count.isEmpty() ? null : count.keySet().iterator().next();
    }

    /**
     * @param parts a step's parts
     * @param earlier the kind the earlier steps agreed on, or null before the first
     * @param step the step, from 0, for the message
     * @return the kind of the fit so far
     * @throws IllegalStateException if the step's tasks differ among themselves or from the earlier
     *         steps': an executor that joined later with other JVM options would change the bits
     */
    static String agreed(List<Part> parts, String earlier, int step) {
        String kind = agreed(parts);
        if (earlier == null || kind == null) {
            return earlier == null ? kind : earlier;
        }
        if (!kind.equals(earlier)) {
            throw new IllegalStateException("step " + step + "'s tasks computed with " + kind + " kernels, the earlier "
                    + "steps' with " + earlier + "; give every executor the same JVM options (--add-modules "
                    + "jdk.incubator.vector) and backprop.kernels setting");
        }
        return kind;
    }
}
