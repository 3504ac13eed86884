package dev.backprop.bench;

import dev.backprop.math.Kernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The implementations the benchmarks can measure, by name: each {@link Kernels} implementation
 * of the library, and {@value #OPENBLAS}, the yardstick.
 *
 * <p>An implementation is named in the benchmark's {@code impl} parameter as {@code name} or
 * {@code name@threads}, e.g. {@code backprop}, {@code openblas@1}, {@code openblas@2}. Without
 * {@code @threads} the thread count is the system property {@value #THREADS_PROPERTY} (default
 * {@value #DEFAULT_THREADS}). Single-threaded implementations ignore it and report 1 thread.
 *
 * <p><b>Adding an implementation</b> is one line in the static block below:
 * {@code single("name", () -> kernels)} for one that runs on the calling thread, or
 * {@code threaded("name", threads -> kernels)} for one that takes a thread count.
 */
public final class KernelImpls {

    /** The name of the OpenBLAS yardstick. */
    public static final String OPENBLAS = "openblas";
    /** System property: threads for an implementation named without {@code @threads}. */
    public static final String THREADS_PROPERTY = "backprop.bench.threads";
    /** Threads when neither {@code @threads} nor {@value #THREADS_PROPERTY} says: the machine's 2 cores. */
    public static final int DEFAULT_THREADS = 2;

    private static final Map<String, IntFunction<Kernels>> KERNELS = new LinkedHashMap<>();
    private static final Map<String, Boolean> THREADED = new LinkedHashMap<>();

    static {
        single("backprop", Kernels::defaults);
        threaded("vector", Kernels::create);
        single("scalar", Kernels::scalar);
    }

    private KernelImpls() {
    }

    private static void single(String name, Supplier<Kernels> kernels) {
        KERNELS.put(name, threads -> kernels.get());
        THREADED.put(name, false);
    }

    private static void threaded(String name, IntFunction<Kernels> kernels) {
        KERNELS.put(name, kernels);
        THREADED.put(name, true);
    }

    /**
     * @return every implementation name, {@value #OPENBLAS} last
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>(KERNELS.keySet());
        names.add(OPENBLAS);
        return Collections.unmodifiableList(names);
    }

    /**
     * An implementation and its thread count, parsed from {@code name} or {@code name@threads}.
     *
     * @param name the implementation's name
     * @param threads the threads it runs on (1 for a single-threaded one)
     */
    public record Spec(String name, int threads) {

        /**
         * @param impl {@code name} or {@code name@threads}
         * @return the implementation and its threads
         * @throws IllegalArgumentException for an unknown name or a bad thread count
         */
        public static Spec parse(String impl) {
            String name = impl.trim();
            int threads = Integer.getInteger(THREADS_PROPERTY, DEFAULT_THREADS);
            int at = name.indexOf('@');
            if (at >= 0) {
                try {
                    threads = Integer.parseInt(name.substring(at + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad thread count in '" + impl + "'", e);
                }
                name = name.substring(0, at);
            }
            if (!OPENBLAS.equals(name) && !KERNELS.containsKey(name)) {
                throw new IllegalArgumentException("unknown implementation '" + name + "'; known: " + names());
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1 in '" + impl + "'");
            }
            boolean threaded = OPENBLAS.equals(name) || THREADED.get(name);
            return new Spec(name, threaded ? threads : 1);
        }

        /** @return whether this is the OpenBLAS yardstick */
        public boolean isOpenBlas() {
            return OPENBLAS.equals(name);
        }

        /** @return {@code name@threads} */
        @Override
        public String toString() {
            return name + "@" + threads;
        }
    }

    /**
     * The {@link Kernels} of a library implementation.
     *
     * @param spec a parsed implementation other than {@value #OPENBLAS}
     * @return its kernels
     */
    public static Kernels kernels(Spec spec) {
        if (spec.isOpenBlas()) {
            throw new IllegalArgumentException("OpenBLAS is not a Kernels implementation; use prepare()");
        }
        return KERNELS.get(spec.name()).apply(spec.threads());
    }

    /**
     * Binds one shape's product to an implementation and to copies of its operands: Java arrays
     * for a {@link Kernels} implementation, native memory allocated here for OpenBLAS (whose
     * thread count is set here too).
     *
     * @param impl {@code name} or {@code name@threads}
     * @param shape the product
     * @param a A as stored, {@link GemmShape#sizeA()} elements
     * @param b B as stored, {@link GemmShape#sizeB()} elements
     * @return the product ready to run; close it to free native memory
     */
    public static PreparedGemm prepare(String impl, GemmShape shape, float[] a, float[] b) {
        Spec spec = Spec.parse(impl);
        if (spec.isOpenBlas()) {
            return new PreparedGemm.OnOpenBlas(shape, spec.threads(), a, b);
        }
        return new PreparedGemm.OnKernels(shape, kernels(spec), a, b);
    }
}
