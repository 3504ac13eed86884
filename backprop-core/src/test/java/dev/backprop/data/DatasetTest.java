package dev.backprop.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    @Test
    void seededSplitIsAPartitionAndReproducible() {
        float[][] x = new float[100][1];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i][0] = i;
            labels[i] = i % 3;
        }
        Dataset d = Dataset.classification(x, labels, 3);
        Dataset[] a = d.split(0.2, 5);
        Dataset[] b = d.split(0.2, 5);
        assertEquals(80, a[0].size());
        assertEquals(20, a[1].size());
        assertArrayEquals(a[1].x(), b[1].x());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : a) {
            for (int c = 0; c < part.size(); c++) {
                assertTrue(seen.add(part.x()[c]));
                assertEquals(((int) part.x()[c]) % 3, part.label(c));
            }
        }
        assertEquals(100, seen.size());
    }

    @Test
    void splitInPlaceGivesTheSplitsCasesWithoutCopyingTheLargerPart() {
        for (int n : new int[] {2, 3, 10, 101, 1000}) {
            for (double f : new double[] {0.1, 0.5, 0.9}) {
                float[] x = new float[n * 3];
                float[] y = new float[n * 2];
                dev.backprop.math.Rng rng = new dev.backprop.math.Rng(n);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rng.nextGaussian();
                }
                for (int c = 0; c < n; c++) {
                    y[c * 2 + (c % 2)] = 1f;
                }
                Dataset[] copied = new Dataset(x.clone(), y.clone(), n, 3, 2).split(f, 42);
                Dataset[] inPlace = new Dataset(x, y, n, 3, 2).splitInPlace(f, 42);
                for (int p = 0; p < 2; p++) {
                    assertEquals(copied[p].size(), inPlace[p].size());
                    for (int c = 0; c < copied[p].size(); c++) {
                        assertArrayEquals(copied[p].input(c), inPlace[p].input(c), "n " + n + " part " + p + " case " + c);
                        assertArrayEquals(copied[p].target(c), inPlace[p].target(c));
                    }
                }
                assertTrue(inPlace[0].x() == x, "the first part is a view of the original arrays");
                assertTrue(inPlace[0].isClassification());
                // the view is usable like any data set: a subset and a scaler read only its rows
                assertEquals(copied[0].subset(new int[] {0}).x()[0], inPlace[0].subset(new int[] {0}).x()[0]);
                assertEquals(Scaler.fit("standard", copied[0]), Scaler.fit("standard", inPlace[0]));
            }
        }
    }

    @Test
    void badShapesAndLabelsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}, {2}}, new int[] {0, 3}, 3));
        assertTrue(e.getMessage().contains("label of row 1 is 3; expected 0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(new float[][] {{1, 2}, {3}},
                new float[][] {{1}, {0}}));
        assertTrue(e.getMessage().contains("input row 1 has 1 values; expected 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[3], new float[2], 2, 2, 1));
    }
}
