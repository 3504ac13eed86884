package dev.backprop.train;

import dev.backprop.math.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GradientSumTest {

    /** The tree of the class javadoc, written out for n chunks of one float each: the expected bits. */
    static float tree(float[] v, int from, int n) {
        // largest aligned power-of-two blocks from the left, added smallest (rightmost) first
        float[] blocks = new float[32];
        int count = 0;
        int at = from;
        for (int bit = 30; bit >= 0; bit--) {
            if ((n & (1 << bit)) != 0) {
                blocks[count++] = full(v, at, 1 << bit);
                at += 1 << bit;
            }
        }
        float acc = blocks[count - 1];
        for (int i = count - 2; i >= 0; i--) {
            acc = blocks[i] + acc;
        }
        return acc;
    }

    static float full(float[] v, int from, int n) {
        return n == 1 ? v[from] : full(v, from, n / 2) + full(v, from + n / 2, n / 2);
    }

    @Test
    void sumsChunksInTheDocumentedFixedTree() {
        float[] v = new float[200];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 1.7) * (1 + i % 7) * 1e3f;
        }
        GradientSum sum = new GradientSum(Kernels.defaults(), 1);
        for (int n = 1; n <= 200; n++) {
            sum.begin(n);
            for (int k = 0; k < n; k++) {
                sum.next()[0] = v[k];
                sum.push();
            }
            float[] out = new float[1];
            sum.finish(out);
            assertEquals(tree(v, 0, n), out[0], 0f, "n = " + n);
        }
    }

    @Test
    void anAlignedBlockIsACompleteSubtree() {
        // 12 chunks = blocks of 8 and 4; a worker that sums chunks 8..11 alone gets the same partial.
        float[] v = new float[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f / (3 + i);
        }
        GradientSum all = new GradientSum(Kernels.defaults(), 1);
        all.begin(12);
        for (float x : v) {
            all.next()[0] = x;
            all.push();
        }
        float[] out = new float[1];
        all.finish(out);
        GradientSum left = new GradientSum(Kernels.defaults(), 1);
        left.begin(8);
        for (int k = 0; k < 8; k++) {
            left.next()[0] = v[k];
            left.push();
        }
        float[] l = new float[1];
        left.finish(l);
        GradientSum right = new GradientSum(Kernels.defaults(), 1);
        right.begin(4);
        for (int k = 8; k < 12; k++) {
            right.next()[0] = v[k];
            right.push();
        }
        float[] r = new float[1];
        right.finish(r);
        assertEquals(l[0] + r[0], out[0], 0f);
    }
}
