package dev.backprop.math;

/** Picks the kernels: SIMD when the Vector API module is present, scalar otherwise. */
final class KernelChoice {
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    static final Kernels DEFAULT = choose();

    private KernelChoice() {
    }

    private static Kernels choose() {
        String kind = System.getProperty("backprop.kernels", "");
        int threads = Integer.getInteger("backprop.threads", Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new IllegalArgumentException("backprop.threads must be >= 1, got " + threads);
        }
        if (kind.equals("scalar") || (kind.isEmpty() && !VECTOR_API)) {
            return ScalarKernels.INSTANCE;
        }
        if (kind.equals("vector") && !VECTOR_API) {
            throw new IllegalStateException("backprop.kernels=vector needs the JVM option --add-modules jdk.incubator.vector");
        }
        if (!kind.isEmpty() && !kind.equals("vector")) {
            throw new IllegalArgumentException("backprop.kernels must be 'vector' or 'scalar', got '" + kind + "'");
        }
        return create(threads);
    }

    static Kernels create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!VECTOR_API) {
            return ScalarKernels.INSTANCE;
        }
        try {
            // Reflection keeps this class loadable when the Vector API module is absent.
            return (Kernels) Class.forName("dev.backprop.math.VectorKernels")
                    .getDeclaredConstructor(int.class).newInstance(threads);
        } catch (ReflectiveOperationException | LinkageError e) {
            return ScalarKernels.INSTANCE;
        }
    }
}
