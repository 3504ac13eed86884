package dev.backprop.spark;

import dev.backprop.math.Rng;
import org.junit.jupiter.api.Test;

import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CRC combination that joins the tasks' runs: the CRC of two strings from the CRC of each. */
class CasesCrcTest {
    private static long crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return c.getValue();
    }

    @Test
    void combiningTheCrcsOfTwoPartsGivesTheCrcOfTheWhole() {
        Rng rng = new Rng(7);
        byte[] b = new byte[5000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        for (int n : new int[] {0, 1, 2, 3, 4, 7, 8, 100, 1024, 4999, 5000}) {
            for (int cut : new int[] {0, n / 3, n / 2, n}) {
                long whole = crc(b, 0, n);
                assertEquals(whole, CasesCrc.combine(crc(b, 0, cut), crc(b, cut, n), n - cut), n + " cut at " + cut);
            }
        }
        // three parts, joined left to right as the driver joins runs, from the CRC of nothing (0)
        long joined = CasesCrc.combine(CasesCrc.combine(CasesCrc.combine(0, crc(b, 0, 10), 10), crc(b, 10, 4000),
                3990), crc(b, 4000, 5000), 1000);
        assertEquals(crc(b, 0, 5000), joined);
    }
}
