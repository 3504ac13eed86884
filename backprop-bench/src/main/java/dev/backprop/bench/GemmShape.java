package dev.backprop.bench;

import dev.backprop.cli.bench.BenchConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One matrix product that training computes: a {@linkplain BenchConfig benchmark network}, a layer
 * and one of the three transpose forms of {@link dev.backprop.math.Kernels#gemm}, with the operand shapes and
 * leading dimensions that {@link dev.backprop.nn.Backpropagation} passes.
 *
 * <p>For a layer with n units, m inputs and a batch of B cases (activations case-major, W
 * row-major n × m):
 * <ul>
 *   <li>{@code fwd}, z = W a: {@code gemm(false, true, M=B, N=n, K=m)} (NT),</li>
 *   <li>{@code grad}, ∂E/∂W = δ aᵀ: {@code gemm(true, false, M=n, N=m, K=B)} (TN),</li>
 *   <li>{@code back}, ∂E/∂a = Wᵀ δ: {@code gemm(false, false, M=B, N=m, K=n)} (NN); never for
 *       the first layer, whose input gradient training does not need.</li>
 * </ul>
 * Matrices are dense: lda, ldb and ldc are the stored row lengths, as in training.
 *
 * @param name the name used as the benchmark's {@code shape} parameter, e.g. {@code N2.L1.fwd}
 * @param form the transpose form
 * @param m rows of C
 * @param n columns of C
 * @param k the summed dimension
 */
public record GemmShape(String name, Form form, int m, int n, int k) {

    /** The three products per layer, named as in the shape names. */
    public enum Form {
        /** Forward pass z = W a: A not transposed, B transposed ("NT"). */
        FWD("fwd", "NT", false, true),
        /** Weight gradient δ aᵀ: A transposed, B not ("TN"). */
        GRAD("grad", "TN", true, false),
        /** Error sent back Wᵀ δ: neither transposed ("NN"). */
        BACK("back", "NN", false, false);

        private final String suffix;
        private final String blas;
        private final boolean transA;
        private final boolean transB;

        Form(String suffix, String blas, boolean transA, boolean transB) {
            this.suffix = suffix;
            this.blas = blas;
            this.transA = transA;
            this.transB = transB;
        }

        /** @return the last part of a shape name: fwd, grad or back */
        public String suffix() {
            return suffix;
        }

        /** @return the BLAS transpose letters: NT, TN or NN */
        public String blas() {
            return blas;
        }

        /** @return whether A is used transposed */
        public boolean transA() {
            return transA;
        }

        /** @return whether B is used transposed */
        public boolean transB() {
            return transB;
        }
    }

    private static final List<GemmShape> ALL = build();

    /**
     * @return every shape of every configuration, in order: config, layer, form
     */
    public static List<GemmShape> all() {
        return ALL;
    }

    /**
     * @param name a shape name such as {@code N2.L1.fwd}
     * @return that shape
     * @throws IllegalArgumentException naming the known shapes if there is none of that name
     */
    public static GemmShape of(String name) {
        for (GemmShape s : ALL) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        List<String> names = new ArrayList<>();
        for (GemmShape s : ALL) {
            names.add(s.name);
        }
        throw new IllegalArgumentException("unknown shape '" + name + "'; known: " + names);
    }

    /**
     * The shapes of one layer of a network, as training computes them.
     *
     * @param config the configuration's name, for the shape names
     * @param layer the layer, from 1 (the first weight layer)
     * @param units n, the layer's units
     * @param inputs m, its inputs
     * @param batch B, cases per batch
     * @return fwd and grad, and back unless {@code layer == 1}
     */
    public static List<GemmShape> ofLayer(String config, int layer, int units, int inputs, int batch) {
        String prefix = config + ".L" + layer + ".";
        List<GemmShape> shapes = new ArrayList<>(3);
        shapes.add(new GemmShape(prefix + Form.FWD.suffix, Form.FWD, batch, units, inputs));
        shapes.add(new GemmShape(prefix + Form.GRAD.suffix, Form.GRAD, units, inputs, batch));
        if (layer > 1) {
            shapes.add(new GemmShape(prefix + Form.BACK.suffix, Form.BACK, batch, inputs, units));
        }
        return shapes;
    }

    private static List<GemmShape> build() {
        List<GemmShape> shapes = new ArrayList<>();
        for (BenchConfig c : BenchConfig.all()) {
            int[] sizes = c.sizes();
            for (int l = 1; l < sizes.length; l++) {
                shapes.addAll(ofLayer(c.name(), l, sizes[l], sizes[l - 1], c.batch()));
            }
        }
        return Collections.unmodifiableList(shapes);
    }

    /** @return whether A is used transposed */
    public boolean transA() {
        return form.transA;
    }

    /** @return whether B is used transposed */
    public boolean transB() {
        return form.transB;
    }

    /** @return A's leading dimension: A is stored k × m when transposed, else m × k */
    public int lda() {
        return form.transA ? m : k;
    }

    /** @return B's leading dimension: B is stored n × k when transposed, else k × n */
    public int ldb() {
        return form.transB ? k : n;
    }

    /** @return C's leading dimension, n */
    public int ldc() {
        return n;
    }

    /** @return elements of A, m·k */
    public int sizeA() {
        return m * k;
    }

    /** @return elements of B, k·n */
    public int sizeB() {
        return k * n;
    }

    /** @return elements of C, m·n */
    public int sizeC() {
        return m * n;
    }

    /**
     * Floating-point operations of one product, 2·M·N·K (a multiply and an add per term), so that
     * GFLOP/s = flops() / (nanoseconds per operation).
     *
     * @return 2·m·n·k
     */
    public long flops() {
        return 2L * m * n * k;
    }

    /**
     * GFLOP/s for a measured time per operation.
     *
     * @param nanosPerOp nanoseconds per product
     * @return 2·M·N·K / time, in 10⁹ floating-point operations per second
     */
    public double gflops(double nanosPerOp) {
        return flops() / nanosPerOp;
    }

    /**
     * Seeded operands uniform in [−1, 1): A and B as stored (sizes {@link #sizeA()} and
     * {@link #sizeB()}), the same for every implementation.
     *
     * @return {A, B}
     */
    public float[][] operands() {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        float[] a = new float[sizeA()];
        float[] b = new float[sizeB()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (2 * random.nextDouble() - 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (2 * random.nextDouble() - 1);
        }
        return new float[][] {a, b};
    }

    /**
     * The exact product op(A)·op(B), in double precision, and each element's error bound, against
     * which a computed C is {@linkplain Exact#check checked}.
     *
     * @param a A as stored
     * @param b B as stored
     * @return the exact C and its tolerances
     */
    public Exact exact(float[] a, float[] b) {
        // op(A) as m rows of k and op(B) as n rows of k, so that each element is a contiguous dot product.
        double[] rowsA = new double[m * k];
        double[] colsB = new double[n * k];
        int lda = lda();
        int ldb = ldb();
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                rowsA[i * k + p] = form.transA ? a[p * lda + i] : a[i * lda + p];
            }
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                colsB[j * k + p] = form.transB ? b[j * ldb + p] : b[p * ldb + j];
            }
        }
        double unit = Math.scalb(1.0, -24);
        double[] value = new double[m * n];
        double[] tolerance = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = rowsA[i * k + p] * colsB[j * k + p];
                    sum += t;
                    abs += Math.abs(t);
                }
                value[i * n + j] = sum;
                tolerance[i * n + j] = 2.0 * (k + 1) * unit * abs + Float.MIN_NORMAL;
            }
        }
        return new Exact(this, value, tolerance);
    }

    /**
     * Checks a computed C against op(A)·op(B); see {@link Exact#check}.
     *
     * @param a A as stored
     * @param b B as stored
     * @param c the C to check, m × n, leading dimension n
     * @return null if every element passes, else a description of the worst element
     */
    public String check(float[] a, float[] b, float[] c) {
        return exact(a, b).check(c);
    }

    /**
     * A product op(A)·op(B) computed exactly enough (in double precision; each term is exact), with
     * each element's tolerance 2(K+1)·2⁻²⁴·Σ_p |A(i,p) B(p,j)|: twice the worst-case error of float
     * summation in any order, so that every correct kernel passes whatever its blocking.
     *
     * @param shape the product
     * @param value the exact C, m × n row-major
     * @param tolerance each element's tolerance
     */
    public record Exact(GemmShape shape, double[] value, double[] tolerance) {

        /**
         * @param c a computed C, m × n, leading dimension n
         * @return null if every element is within its tolerance, else a description of the worst one
         */
        public String check(float[] c) {
            double worst = 0;
            String report = null;
            for (int e = 0; e < value.length; e++) {
                double error = Math.abs(c[e] - value[e]);
                if (!(error <= tolerance[e]) && (report == null || error / tolerance[e] > worst)) {
                    worst = error / tolerance[e];
                    report = shape.name + ": C[" + e / shape.n + "][" + e % shape.n + "] = " + c[e] + ", exact "
                            + value[e] + ", error " + error + " > tolerance " + tolerance[e];
                }
            }
            return report;
        }
    }

    @Override
    public String toString() {
        return name + " (" + form.blas + " M=" + m + " N=" + n + " K=" + k + ")";
    }
}
