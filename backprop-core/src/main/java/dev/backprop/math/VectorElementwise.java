package dev.backprop.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.backprop.math.Elementwise.EXP_MAX;
import static dev.backprop.math.Elementwise.EXP_MIN;
import static dev.backprop.math.Elementwise.LN2_HI;
import static dev.backprop.math.Elementwise.LN2_LO;
import static dev.backprop.math.Elementwise.LOG2E;
import static dev.backprop.math.Elementwise.P0;
import static dev.backprop.math.Elementwise.P1;
import static dev.backprop.math.Elementwise.P2;
import static dev.backprop.math.Elementwise.P3;
import static dev.backprop.math.Elementwise.P4;
import static dev.backprop.math.Elementwise.P5;
import static dev.backprop.math.Elementwise.SHIFT;

/**
 * The SIMD twins of {@link Elementwise}: the same operations in the same order on vector lanes,
 * so the bits agree with the scalar code. Loaded only when the Vector API module is present.
 */
final class VectorElementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorElementwise() {
    }

    /** e^x on lanes: {@link Elementwise#exp} step for step. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(LOG2E, SHIFT);
        FloatVector n = t.sub(SHIFT);
        IntVector ni = (IntVector) t.reinterpretAsInts();
        FloatVector scale = ni.sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        return e.mul(scale);
    }

    static FloatVector sigmoid(FloatVector z) {
        FloatVector a = FloatVector.broadcast(S, 1f).div(exp(z.neg()).add(1f));
        return a.blend(0f, a.compare(VectorOperators.LT, Elementwise.FLUSH));
    }

    /** v, with lanes of magnitude below {@link Elementwise#FLUSH} set to 0. */
    static FloatVector flush(FloatVector v) {
        return v.blend(0f, v.abs().compare(VectorOperators.LT, Elementwise.FLUSH));
    }

    static void sigmoidBias(float[] z, float[] b, int bOff, float[] a, int off, int units, int cases) {
        int uv = units - units % L;
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            int d = 0;
            for (; d < uv; d += L) {
                FloatVector v = FloatVector.fromArray(S, z, base + d).add(FloatVector.fromArray(S, b, bOff + d));
                v.intoArray(z, base + d);
                sigmoid(v).intoArray(a, base + d);
            }
            for (; d < units; d++) {
                float v = z[base + d] + b[bOff + d];
                z[base + d] = v;
                a[base + d] = Elementwise.sigmoid(v);
            }
        }
    }

    static void sigmoidBackward(float[] a, float[] dEda, float[] delta, int off, int n) {
        int end = off + n;
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            FloatVector g = FloatVector.fromArray(S, dEda, i);
            flush(g.mul(av.mul(FloatVector.broadcast(S, 1f).sub(av)))).intoArray(delta, i);
        }
        for (; i < end; i++) {
            delta[i] = Elementwise.flush(dEda[i] * (a[i] * (1f - a[i])));
        }
    }

    static void reluBias(float[] z, float[] b, int bOff, float[] a, int off, int units, int cases, float slope) {
        int uv = units - units % L;
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            int d = 0;
            for (; d < uv; d += L) {
                FloatVector v = FloatVector.fromArray(S, z, base + d).add(FloatVector.fromArray(S, b, bOff + d));
                v.intoArray(z, base + d);
                VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
                below(v, slope).blend(v, pos).intoArray(a, base + d);
            }
            for (; d < units; d++) {
                float v = z[base + d] + b[bOff + d];
                z[base + d] = v;
                a[base + d] = v > 0f ? v : slope == 0f ? 0f : slope * v;
            }
        }
    }

    static void reluBackward(float[] z, float[] dEda, float[] delta, int off, int n, float slope) {
        int end = off + n;
        int vend = off + (n - n % L);
        int i = off;
        for (; i < vend; i += L) {
            FloatVector g = FloatVector.fromArray(S, dEda, i);
            VectorMask<Float> pos = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            below(g, slope).blend(g, pos).intoArray(delta, i);
        }
        for (; i < end; i++) {
            delta[i] = z[i] > 0f ? dEda[i] : slope == 0f ? 0f : slope * dEda[i];
        }
    }

    /** slope · v, or exactly +0 when slope is 0. */
    private static FloatVector below(FloatVector v, float slope) {
        return slope == 0f ? FloatVector.zero(S) : v.mul(slope);
    }

    static void addBias(float[] z, float[] b, int bOff, int off, int units, int cases) {
        int uv = units - units % L;
        for (int c = 0; c < cases; c++) {
            int base = off + c * units;
            int d = 0;
            for (; d < uv; d += L) {
                FloatVector.fromArray(S, z, base + d).add(FloatVector.fromArray(S, b, bOff + d)).intoArray(z, base + d);
            }
            for (; d < units; d++) {
                z[base + d] += b[bOff + d];
            }
        }
    }
}
