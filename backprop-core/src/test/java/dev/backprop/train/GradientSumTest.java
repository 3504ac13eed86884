package dev.backprop.train;

import dev.backprop.math.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void subtreesPushedByWorkersGiveTheBitsOfChunkByChunk() {
        float[] v = new float[45];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.cos(i * 0.37) * (1 + i % 5) * 1e4f;
        }
        GradientSum driver = new GradientSum(Kernels.defaults(), 1);
        GradientSum worker = new GradientSum(Kernels.defaults(), 1);
        for (int n = 1; n <= v.length; n++) {
            for (int workers = 1; workers <= 7; workers++) {
                driver.begin(n);
                for (int w = 0; w < workers; w++) {
                    // worker w holds chunks [a, b): unaligned ranges, as partitions of any size give
                    int a = (int) ((long) n * w / workers);
                    int b = (int) ((long) n * (w + 1) / workers);
                    for (int s = a; s < b; s += GradientSum.subtree(s, b)) {
                        int size = GradientSum.subtree(s, b);
                        worker.begin(size);
                        for (int k = s; k < s + size; k++) {
                            worker.next()[0] = v[k];
                            worker.push();
                        }
                        float[] part = new float[1];
                        worker.finish(part);
                        driver.push(s, size, part);
                    }
                }
                float[] out = new float[1];
                driver.finish(out);
                assertEquals(tree(v, 0, n), out[0], 0f, n + " chunks on " + workers + " workers");
            }
        }
    }

    @Test
    void subtreeIsTheLargestAlignedPowerOfTwoThatFits() {
        assertEquals(8, GradientSum.subtree(0, 13));
        assertEquals(4, GradientSum.subtree(8, 13));
        assertEquals(1, GradientSum.subtree(12, 13));
        assertEquals(2, GradientSum.subtree(6, 100));
        assertEquals(1, GradientSum.subtree(5, 100));
        assertEquals(16, GradientSum.subtree(16, 40));
    }

    @Test
    void aSubtreeOutOfTurnIsRefused() {
        GradientSum sum = new GradientSum(Kernels.defaults(), 1);
        sum.begin(8);
        assertThrows(IllegalArgumentException.class, () -> sum.push(1, 1, new float[1]));     // not next
        assertThrows(IllegalArgumentException.class, () -> sum.push(0, 3, new float[1]));     // not 2^j
        sum.push(0, 2, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> sum.push(2, 4, new float[1]));     // not aligned
    }
}
