package dev.backprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.math.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenBLAS and the library's kernels compute the same C on every benchmarked shape, so the
 * benchmark compares equal work: each is within float-summation error of the double-precision
 * product (hence within twice that of each other).
 */
class KernelAgreementTest {

    static Stream<GemmShape> shapes() {
        return GemmShape.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyImplementationComputesTheProduct(GemmShape shape) {
        float[][] ab = shape.operands();
        GemmShape.Exact exact = shape.exact(ab[0], ab[1]);
        List<String> impls = new ArrayList<>(KernelImpls.names());
        impls.remove(KernelImpls.OPENBLAS);
        impls.add("openblas@1");
        impls.add("openblas@2");
        float[] backprop = null;
        float[] blas = null;
        for (String impl : impls) {
            try (PreparedGemm gemm = KernelImpls.prepare(impl, shape, ab[0], ab[1])) {
                gemm.run();
                float[] c = gemm.result();
                assertNull(exact.check(c), impl);
                if (impl.equals("backprop")) {
                    backprop = c;
                } else if (impl.equals("openblas@2")) {
                    blas = c;
                }
            }
        }
        // The same C from OpenBLAS and Kernels.defaults(), to float tolerance.
        assertEquals(shape.sizeC(), backprop.length);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < backprop.length; i++) {
            scale = Math.max(scale, Math.abs(blas[i]));
            diff = Math.max(diff, Math.abs(blas[i] - backprop[i]));
        }
        assertTrue(diff <= 1e-5 * Math.max(1, scale) * Math.sqrt(shape.k()),
                shape + ": max |openblas - backprop| = " + diff + " for max |C| = " + scale);
    }

    @Test
    void backpropIsTheLibrarysDefault() {
        assertSame(Kernels.defaults(), KernelImpls.kernels(KernelImpls.Spec.parse("backprop")));
    }
}
