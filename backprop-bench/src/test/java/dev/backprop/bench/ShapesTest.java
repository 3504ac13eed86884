package dev.backprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.bench.BenchConfig;
import dev.backprop.math.Kernels;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Backpropagation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The benchmarked shapes are exactly the products that training computes, and the names parse. */
class ShapesTest {

    /** Records each gemm call as "transA transB m n k lda ldb ldc", then computes it. */
    private static final class Recording implements Kernels {
        final List<String> calls = new ArrayList<>();

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
            calls.add(transA + " " + transB + " " + m + " " + n + " " + k + " " + lda + " " + ldb + " " + ldc);
            Kernels.scalar().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        @Override
        public void addRowVector(float[] x, int xOff, int rows, int cols, float[] v, int vOff) {
            Kernels.scalar().addRowVector(x, xOff, rows, cols, v, vOff);
        }

        @Override
        public void columnSums(float[] x, int xOff, int rows, int cols, float[] s, int sOff) {
            Kernels.scalar().columnSums(x, xOff, rows, cols, s, sOff);
        }

        @Override
        public void add(float[] x, int xOff, float[] y, int yOff, int n) {
            Kernels.scalar().add(x, xOff, y, yOff, n);
        }
    }

    @Test
    void shapesAreTheProductsOfATrainingStep() {
        for (BenchConfig config : BenchConfig.all()) {
            int[] sizes = config.sizes();
            Activation[] activations = new Activation[sizes.length - 1];
            Arrays.fill(activations, Activation.sigmoid());
            Network network = new Network(sizes, activations);
            Recording kernels = new Recording();
            Backpropagation bp = new Backpropagation(network, kernels, config.batch());
            int batch = config.batch();
            bp.load(new float[batch * sizes[0]], new float[batch * sizes[sizes.length - 1]], 0, batch);
            bp.forward(batch);
            bp.backward(Loss.squaredError(), batch, new float[network.parameters().length]);

            List<String> expected = new ArrayList<>();
            for (GemmShape s : GemmShape.all()) {
                if (s.name().startsWith(config.name() + ".")) {
                    expected.add(s.transA() + " " + s.transB() + " " + s.m() + " " + s.n() + " " + s.k()
                            + " " + s.lda() + " " + s.ldb() + " " + s.ldc());
                }
            }
            List<String> actual = new ArrayList<>(kernels.calls);
            expected.sort(null);
            actual.sort(null);
            assertEquals(expected, actual, config.name());
        }
    }

    @Test
    void benchmarkParametersListEveryShape() throws NoSuchFieldException {
        String[] params = GemmBenchmark.class.getField("shape").getAnnotation(Param.class).value();
        List<String> names = new ArrayList<>();
        GemmShape.all().forEach(s -> names.add(s.name()));
        assertEquals(names, Arrays.asList(params));
        assertEquals(18, names.size());
    }

    @Test
    void implementationNamesParse() throws NoSuchFieldException {
        for (String impl : GemmBenchmark.class.getField("impl").getAnnotation(Param.class).value()) {
            KernelImpls.Spec.parse(impl);
        }
        assertEquals(new KernelImpls.Spec("openblas", 1), KernelImpls.Spec.parse("openblas@1"));
        assertEquals(new KernelImpls.Spec("openblas", KernelImpls.DEFAULT_THREADS), KernelImpls.Spec.parse("openblas"));
        assertEquals(new KernelImpls.Spec("scalar", 1), KernelImpls.Spec.parse("scalar@2"));
        assertTrue(KernelImpls.Spec.parse("openblas@2").isOpenBlas());
        assertFalse(KernelImpls.Spec.parse("backprop").isOpenBlas());
        assertThrows(IllegalArgumentException.class, () -> KernelImpls.Spec.parse("nosuch"));
        assertThrows(IllegalArgumentException.class, () -> KernelImpls.Spec.parse("openblas@0"));
        assertThrows(IllegalArgumentException.class, () -> KernelImpls.Spec.parse("openblas@x"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.of("N9.L1.fwd"));
    }

    @Test
    void checkRejectsAWrongProduct() {
        GemmShape s = GemmShape.of("N1.L2.back");
        float[][] ab = s.operands();
        float[] c = new float[s.sizeC()];
        Kernels.scalar().gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), ab[0], 0, s.lda(), ab[1], 0, s.ldb(), c, 0, s.ldc());
        assertNull(s.check(ab[0], ab[1], c));
        c[17] += 1e-3f * Math.max(1, Math.abs(c[17]));
        assertNotNull(s.check(ab[0], ab[1], c));
        // The same data, taken as the other transpose forms, is a different product.
        float[] cT = new float[s.sizeC()];
        Kernels.scalar().gemm(s.transA(), !s.transB(), s.m(), s.n(), s.k(), ab[0], 0, s.lda(), ab[1], 0, s.k(), cT, 0, s.ldc());
        assertNotNull(s.check(ab[0], ab[1], cT));
    }

    @Test
    void flopsAndLeadingDimensions() {
        GemmShape s = GemmShape.of("N2.L1.grad");
        assertEquals(GemmShape.Form.GRAD, s.form());
        assertEquals(1024, s.m());
        assertEquals(784, s.n());
        assertEquals(128, s.k());
        assertEquals(2L * 1024 * 784 * 128, s.flops());
        assertEquals(1024, s.lda());
        assertEquals(784, s.ldb());
        assertEquals(784, s.ldc());
        assertEquals(1000.0, GemmShape.of("N3.L2.back").gflops(2.0));
    }
}
