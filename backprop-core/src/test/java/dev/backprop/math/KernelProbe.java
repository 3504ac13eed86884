package dev.backprop.math;

/** Prints the default kernels and one product; run in a child JVM by {@link FallbackTest}. */
public final class KernelProbe {
    private KernelProbe() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        float[] c = new float[1];
        Kernels.defaults().gemm(false, true, 1, 1, 3, new float[] {1, 2, 3}, 0, 3, new float[] {4, 5, 6}, 0, 3, c, 0, 1);
        System.out.println(Kernels.defaults() + " " + Kernels.vectorApiAvailable() + " " + c[0]);
    }
}
