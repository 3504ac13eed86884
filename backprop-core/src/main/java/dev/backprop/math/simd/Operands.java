package dev.backprop.math.simd;

/**
 * One product's operands as the unpacked kernels read them, in place of a dozen arguments per
 * call: op(A)(i, p) = {@code a[aOff + i·ai + p·ap]}, B's rows contiguous with stride {@code ldb},
 * C row-major with leading dimension {@code ldc}, k summed; and the thread's buffers. Each thread
 * owns one, filled per product (nothing is allocated per call); kernels copy the fields they use
 * into locals first, so their loops are the same as with arguments.
 */
final class Operands {
    float[] a;
    int aOff;
    /** Distance in {@code a} between rows i and i + 1 of op(A). */
    int ai;
    /** Distance in {@code a} between steps p and p + 1 of op(A). */
    int ap;
    float[] b;
    int bOff;
    int ldb;
    float[] c;
    int cOff;
    int ldc;
    int k;
    /** The small kernel's bound for blending partial vectors into C: C's end when dense, else −1. */
    int cEnd;
    /** The small kernel's bound for storing a row's partial tile as whole vectors, else −1. */
    int spillEnd;
    /** Zero-padded copies of B's last columns (or rows), {@code KC × NR}. */
    final float[] pad;
    /** A tile of C or lane sums on their way to memory. */
    final float[] tmp;

    Operands(float[] pad, float[] tmp) {
        this.pad = pad;
        this.tmp = tmp;
    }

    /** Sets op(A) = {@code a[aOff + i·ai + p·ap]} and k. */
    Operands a(float[] a, int aOff, int ai, int ap, int k) {
        this.a = a;
        this.aOff = aOff;
        this.ai = ai;
        this.ap = ap;
        this.k = k;
        return this;
    }

    /** Sets B: rows of {@code ldb} from {@code bOff}. */
    Operands b(float[] b, int bOff, int ldb) {
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        return this;
    }

    /** Sets C: rows of {@code ldc} from {@code cOff}. */
    Operands c(float[] c, int cOff, int ldc) {
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        return this;
    }

    /** Lets go of the arrays, so that a finished product's operands are not kept alive. */
    void clear() {
        a = null;
        b = null;
        c = null;
    }
}
