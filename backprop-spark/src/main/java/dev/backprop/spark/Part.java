package dev.backprop.spark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What one task returns for one step: the complete subtrees of the batch's chunks it holds, in
 * chunk order. It travels to the driver as the bytes of {@link #encode()}, a fixed layout of
 * primitive arrays, so that no class of ours is ever Java-serialized: Spark hands a task's
 * {@code byte[]} result over as it is.
 *
 * @param first the batch index of its first chunk
 * @param sizes the chunks in each subtree, in order (powers of two)
 * @param sums the subtrees' gradient sums, one after another (sizes.length × parameters)
 * @param errors E of each of its chunks, in order
 * @param correct its cases whose largest output is the target class
 * @param kind the kind of the kernels that computed it ({@link dev.backprop.math.Kernels#kind()})
 */
record Part(int first, int[] sizes, float[] sums, double[] errors, int correct, String kind) {

    /**
     * The layout, big-endian: first, correct, then each array as its length and its values
     * (sizes as int, sums as float, errors as double, kind as UTF-8 bytes).
     *
     * @return the bytes
     */
    byte[] encode() {
        byte[] k = kind.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 * 6 + 4 * sizes.length + 4 * sums.length + 8 * errors.length + k.length);
        b.putInt(first).putInt(correct);
        b.putInt(sizes.length).asIntBuffer().put(sizes);
        b.position(b.position() + 4 * sizes.length);
        b.putInt(sums.length).asFloatBuffer().put(sums);
        b.position(b.position() + 4 * sums.length);
        b.putInt(errors.length).asDoubleBuffer().put(errors);
        b.position(b.position() + 8 * errors.length);
        b.putInt(k.length).put(k);
        return b.array();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @param bytes the bytes
     * @return the part
     */
    static Part decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int first = b.getInt();
        int correct = b.getInt();
        int[] sizes = new int[b.getInt()];
        b.asIntBuffer().get(sizes);
        b.position(b.position() + 4 * sizes.length);
        float[] sums = new float[b.getInt()];
        b.asFloatBuffer().get(sums);
        b.position(b.position() + 4 * sums.length);
        double[] errors = new double[b.getInt()];
        b.asDoubleBuffer().get(errors);
        b.position(b.position() + 8 * errors.length);
        byte[] k = new byte[b.getInt()];
        b.get(k);
        return new Part(first, sizes, sums, errors, correct, new String(k, StandardCharsets.UTF_8));
    }
}
