package dev.backprop.nn;

import dev.backprop.check.GradientCheck;
import dev.backprop.reference.ReferenceNetwork;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An independent autograd engine as oracle: E and ∂E/∂W^l, ∂E/∂b^l computed by PyTorch autograd in
 * float64 ({@code scripts/torch_gradients.py}) for the seed's Figure 1 network and a random network
 * per activation × loss pair, on the same float32 weights and inputs. Backprop's double reference
 * must agree to 1e-9 relative, its float32 path to 1e-5.
 */
class TorchGradientsTest {

    record Case(String name, int[] sizes, Activation[] acts, Loss loss, int cases, float[] x, float[] y,
                float[] params, double e, double[] grad) {
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                TorchGradientsTest.class.getResourceAsStream("/dev/backprop/torch-gradients.txt"),
                StandardCharsets.US_ASCII))) {
            Map<String, String> f = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.equals("end")) {
                    int[] sizes = Arrays.stream(f.get("sizes").split(" ")).mapToInt(Integer::parseInt).toArray();
                    Activation[] acts = Arrays.stream(f.get("activations").split(" ")).map(Activation::parse)
                            .toArray(Activation[]::new);
                    out.add(new Case(f.get("case"), sizes, acts, Loss.parse(f.get("loss")),
                            Integer.parseInt(f.get("cases")), floats(f.get("x")), floats(f.get("y")),
                            floats(f.get("params")), Double.parseDouble(f.get("E")), doubles(f.get("grad"))));
                    f.clear();
                } else {
                    int sp = line.indexOf(' ');
                    f.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        }
        return out;
    }

    static double[] doubles(String s) {
        return Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    static float[] floats(String s) {
        double[] d = doubles(s);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
            assertEquals(d[i], f[i], 0.0, "the oracle's inputs must be float32 values");
        }
        return f;
    }

    @TestFactory
    List<DynamicTest> referenceAndFloat32AgreeWithPyTorchAutograd() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Case> cases = cases();
        assertEquals(16, cases.size());
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Network net = new Network(c.sizes(), c.acts());
                net.setParameters(c.params());
                int nIn = c.sizes()[0];
                int nOut = c.sizes()[c.sizes().length - 1];
                double[][] xs = new double[c.cases()][nIn];
                double[][] ys = new double[c.cases()][nOut];
                for (int k = 0; k < c.cases(); k++) {
                    for (int s = 0; s < nIn; s++) {
                        xs[k][s] = c.x()[k * nIn + s];
                    }
                    for (int d = 0; d < nOut; d++) {
                        ys[k][d] = c.y()[k * nOut + d];
                    }
                }
                // 1. The double reference, through the public API.
                ReferenceNetwork ref = new ReferenceNetwork(net);
                double[] g = ref.gradient(c.loss(), xs, ys).flat();
                assertEquals(c.e(), ref.error(c.loss(), xs, ys), 1e-9 * Math.abs(c.e()), "E");
                for (int j = 0; j < g.length; j++) {
                    double err = GradientCheck.relativeError(g[j], c.grad()[j], 1e-12);
                    assertTrue(err <= 1e-9, c.name() + ": parameter " + j + ": reference " + g[j] + ", torch "
                            + c.grad()[j] + ", relative error " + err);
                }
                // 2. The fast float32 path, through the public API.
                float[][] xr = new float[c.cases()][nIn];
                float[][] yr = new float[c.cases()][nOut];
                for (int k = 0; k < c.cases(); k++) {
                    System.arraycopy(c.x(), k * nIn, xr[k], 0, nIn);
                    System.arraycopy(c.y(), k * nOut, yr[k], 0, nOut);
                }
                Gradients grad = net.gradient(c.loss(), xr, yr);
                double[] g32 = grad.flat();
                double e32 = grad.error();
                ParameterLayout lay = net.layout();
                for (int i = 0; i < lay.layers(); i++) {
                    // The per-layer views are the flat vector's slices, W row by row in the seed's orientation.
                    double[][] dW = grad.weights(i);
                    for (int d = 0; d < lay.units(i); d++) {
                        assertArrayEquals(java.util.Arrays.copyOfRange(g32, lay.weightOffset(i) + d * lay.inputs(i),
                                lay.weightOffset(i) + (d + 1) * lay.inputs(i)), dW[d]);
                    }
                    assertArrayEquals(java.util.Arrays.copyOfRange(g32, lay.biasOffset(i),
                            lay.biasOffset(i) + lay.units(i)), grad.biases(i));
                }
                assertEquals(c.e(), e32, 1e-5 * Math.abs(c.e()), "E, float32");
                ParameterLayout layout = net.layout();
                for (int i = 0; i < layout.layers(); i++) {
                    double maxRef = 0;
                    double maxDiff = 0;
                    for (int j = layout.weightOffset(i); j < layout.biasOffset(i) + layout.units(i); j++) {
                        maxRef = Math.max(maxRef, Math.abs(c.grad()[j]));
                        maxDiff = Math.max(maxDiff, Math.abs(g32[j] - c.grad()[j]));
                    }
                    double err = maxDiff == 0 ? 0 : maxDiff / maxRef;
                    assertTrue(err <= 1e-5, c.name() + ", layer " + i + ": float32 max-norm relative error " + err);
                }
            }));
        }
        return tests;
    }
}
