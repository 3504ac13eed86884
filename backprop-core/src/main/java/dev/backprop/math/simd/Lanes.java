package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape that every kernel of this package shares, and the lane permutations of the
 * in-register networks (the dot kernel's lane sums and the packing transposes).
 */
final class Lanes {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Whether lane sums use the in-register network below (16 lanes): it adds the same pairs in
     * the same tree as {@link #sumLanes}, for several vectors at once.
     */
    static final boolean NETWORK = L == 16;
    static final VectorShuffle<Float> SW8 = swap(8);
    static final VectorShuffle<Float> SW4 = swap(4);
    static final VectorShuffle<Float> SW2 = swap(2);
    static final VectorShuffle<Float> SW1 = swap(1);
    static final VectorMask<Float> HI8 = high(8);
    static final VectorMask<Float> HI4 = high(4);
    static final VectorMask<Float> HI2 = high(2);
    static final VectorMask<Float> HI1 = high(1);

    /** The shuffle that exchanges lane i with lane i ^ w. */
    private static VectorShuffle<Float> swap(int w) {
        int[] ix = new int[L];
        for (int i = 0; i < L; i++) {
            ix[i] = (i ^ w) % L;
        }
        return VectorShuffle.fromArray(S, ix, 0);
    }

    /** The lanes whose index has bit w set. */
    private static VectorMask<Float> high(int w) {
        boolean[] m = new boolean[L];
        for (int i = 0; i < L; i++) {
            m[i] = (i & w) != 0;
        }
        return VectorMask.fromArray(S, m, 0);
    }

    /** Lane i holds i: the lanes of a partial vector are those below its length. */
    static final FloatVector IOTA = iota();

    private Lanes() {
    }

    private static FloatVector iota() {
        float[] x = new float[L];
        for (int i = 0; i < L; i++) {
            x[i] = i;
        }
        return FloatVector.fromArray(S, x, 0);
    }
}
