package dev.backprop.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A task's part travels as bytes and comes back field for field, bit for bit. */
class PartTest {
    @Test
    void encodeThenDecodeGivesEveryFieldBack() {
        Part p = new Part(5, new int[] {4, 2, 1}, new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f},
                new double[] {0.1, Double.MAX_VALUE}, 17, "vector-512");
        Part q = Part.decode(p.encode());
        assertEquals(5, q.first());
        assertEquals(17, q.correct());
        assertArrayEquals(p.sizes(), q.sizes());
        assertArrayEquals(p.sums(), q.sums());
        assertArrayEquals(p.errors(), q.errors());
        assertEquals("vector-512", q.kind());
    }
}
