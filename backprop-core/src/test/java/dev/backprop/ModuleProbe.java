package dev.backprop;

import dev.backprop.math.Kernels;

/**
 * Prints the default kernels, one product and the module they came from; run by
 * {@link ModuleTest} in a child JVM with the library on the module path (this class stays on the
 * class path, in a package the module does not hold).
 */
public final class ModuleProbe {
    private ModuleProbe() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        float[] c = new float[1];
        Kernels.defaults().gemm(false, true, 1, 1, 3, new float[] {1, 2, 3}, 0, 3, new float[] {4, 5, 6}, 0, 3, c, 0, 1);
        System.out.println(Kernels.defaults().toString().replaceAll("\\(.*", "") + " " + c[0] + " "
                + Kernels.class.getModule().getName());
    }
}
