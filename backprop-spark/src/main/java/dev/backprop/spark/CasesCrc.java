package dev.backprop.spark;

import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of the training cases that a checkpoint's fingerprint records
 * ({@link dev.backprop.train.BatchGradients#crc32c()}): the inputs of every case in index order,
 * then the targets of every case in index order, as little-endian float32, so the same value as
 * the core computes for a {@code Dataset} of those cases. Each task checksums the runs of
 * consecutive case indices it holds, inputs and targets apart; the driver joins the runs in index
 * order by CRC combination (the CRC of two byte strings from the CRC of each and the second's
 * length), so four numbers a run travel, never the cases. Rows in DataFrame order make one run a
 * partition; rows scattered by an index column make more.
 */
final class CasesCrc {
    /** CRC-32C's polynomial, bit-reversed as {@link CRC32C} computes it. */
    private static final int POLY = 0x82F63B78;
    /** x^(2^k) modulo the polynomial, for k = 0..31, in the bit-reversed form (x^0 is the top bit). */
    private static final int[] X2N = new int[32];

    static {
        X2N[0] = 1 << 30;
        for (int k = 1; k < X2N.length; k++) {
            X2N[k] = multiply(X2N[k - 1], X2N[k - 1]);
        }
    }

    private CasesCrc() {
    }

    /**
     * @param cases (case index, its inputs then its targets), indices 0..count−1 each once
     * @param count the cases
     * @param inputs inputs per case
     * @param outputs targets per case
     * @return the CRC-32C in 8 lower-case hex digits
     * @throws IllegalStateException if the indices are not 0..count−1
     */
    static String of(JavaPairRDD<Long, float[]> cases, int count, int inputs, int outputs) {
        List<long[]> runs = new ArrayList<>(cases.mapPartitions(held -> runs(held, inputs, outputs)).collect());
        runs.sort(Comparator.comparingLong(r -> r[0]));
        long x = 0;
        long y = 0;
        long next = 0;
        for (long[] run : runs) {
            if (run[0] != next) {
                throw new IllegalStateException("the cases' indices run on from " + run[0] + " after " + next);
            }
            x = combine(x, run[2], run[1] * inputs * 4);
            y = combine(y, run[3], run[1] * outputs * 4);
            next += run[1];
        }
        if (next != count) {
            throw new IllegalStateException("the cases' indices end at " + next + " of " + count);
        }
        String hex = Long.toHexString(combine(x, y, (long) count * outputs * 4));
        return "00000000".substring(hex.length()) + hex;
    }

    /** One task's runs of consecutive indices: {first index, cases, CRC of inputs, CRC of targets}. */
    private static Iterator<long[]> runs(Iterator<Tuple2<Long, float[]>> held, int inputs, int outputs) {
        List<Tuple2<Long, float[]>> cases = new ArrayList<>();
        held.forEachRemaining(cases::add);
        cases.sort(Comparator.comparingLong(Tuple2::_1));
        ByteBuffer buf = ByteBuffer.allocate(4 * Math.max(inputs, outputs)).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C x = new CRC32C();
        CRC32C y = new CRC32C();
        List<long[]> runs = new ArrayList<>();
        for (int from = 0; from < cases.size(); ) {
            long first = cases.get(from)._1();
            x.reset();
            y.reset();
            int to = from;
            while (to < cases.size() && cases.get(to)._1() == first + (to - from)) {
                float[] xy = cases.get(to)._2();
                update(x, buf, xy, 0, inputs);
                update(y, buf, xy, inputs, outputs);
                to++;
            }
            runs.add(new long[] {first, to - from, x.getValue(), y.getValue()});
            from = to;
        }
        return runs.iterator();
    }

    private static void update(CRC32C crc, ByteBuffer buf, float[] v, int offset, int n) {
        buf.clear();
        buf.asFloatBuffer().put(v, offset, n);
        buf.limit(4 * n);
        crc.update(buf);
    }

    /**
     * The CRC-32C of two byte strings one after the other, from the CRC of each (zlib's
     * {@code crc32_combine}, which holds for any CRC that starts and ends with all bits inverted,
     * as CRC-32C does): the first's CRC shifted past the second's length, plus the second's.
     *
     * @param crc1 the first string's CRC
     * @param crc2 the second string's CRC
     * @param length2 the second string's length in bytes
     * @return the CRC of both
     */
    static long combine(long crc1, long crc2, long length2) {
        return (multiply(powerOfX(length2, 3), (int) crc1) ^ (int) crc2) & 0xffffffffL;
    }

    /** a·b modulo the polynomial, bit-reversed; a is not 0. */
    private static int multiply(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        while (true) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    return p;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
    }

    /** x^(n·2^k) modulo the polynomial. */
    private static int powerOfX(long n, int k) {
        int p = 1 << 31;
        for (; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiply(X2N[k & 31], p);
            }
        }
        return p;
    }
}
