package dev.backprop.bench;

import dev.backprop.math.Kernels;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One shape's product bound to its operands and to one implementation, so that a benchmark
 * iteration is a single {@link #run()} with nothing allocated or copied. Made by
 * {@link KernelImpls#prepare}.
 */
public abstract class PreparedGemm implements AutoCloseable {

    /** The product computed. */
    protected final GemmShape shape;

    /**
     * @param shape the product computed
     */
    protected PreparedGemm(GemmShape shape) {
        this.shape = shape;
    }

    /** @return the product computed */
    public GemmShape shape() {
        return shape;
    }

    /** Computes C = op(A)·op(B) once. */
    public abstract void run();

    /** @return a copy of C as last computed, m × n row-major */
    public abstract float[] result();

    /** Frees native memory, if any. */
    @Override
    public void close() {
    }

    /** A {@link Kernels} implementation on Java arrays. */
    static final class OnKernels extends PreparedGemm {
        private final Kernels kernels;
        private final float[] a;
        private final float[] b;
        private final float[] c;

        OnKernels(GemmShape shape, Kernels kernels, float[] a, float[] b) {
            super(shape);
            this.kernels = kernels;
            this.a = a.clone();
            this.b = b.clone();
            this.c = new float[shape.sizeC()];
        }

        @Override
        public void run() {
            GemmShape s = shape;
            kernels.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(),
                    a, 0, s.lda(), b, 0, s.ldb(), c, 0, s.ldc());
        }

        @Override
        public float[] result() {
            return c.clone();
        }
    }

    /** OpenBLAS sgemm on native buffers allocated once. */
    static final class OnOpenBlas extends PreparedGemm {
        private final FloatPointer a;
        private final FloatPointer b;
        private final FloatPointer c;

        OnOpenBlas(GemmShape shape, int threads, float[] a, float[] b) {
            super(shape);
            OpenBlas.setThreads(threads);
            this.a = new FloatPointer((long) a.length);
            this.b = new FloatPointer((long) b.length);
            this.c = new FloatPointer((long) shape.sizeC());
            this.a.put(a);
            this.b.put(b);
        }

        @Override
        public void run() {
            GemmShape s = shape;
            OpenBlas.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(),
                    a, s.lda(), b, s.ldb(), c, s.ldc());
        }

        @Override
        public float[] result() {
            float[] out = new float[shape.sizeC()];
            c.get(out);
            return out;
        }

        @Override
        public void close() {
            a.close();
            b.close();
            c.close();
        }
    }
}
