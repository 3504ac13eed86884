package dev.backprop.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text table of a confusion matrix of many classes stays a screen. */
class ConfusionTableTest {

    /** 1000 classes; class c has c % 7 + 1 cases, all predicted as class 0, class 999 the most. */
    private static ConfusionMatrix many() {
        ConfusionMatrix cm = new ConfusionMatrix(1000);
        for (int c = 0; c < 1000; c++) {
            for (int i = 0; i < c % 7 + 1; i++) {
                cm.add(c, c == 999 ? c : 0);
            }
        }
        for (int i = 0; i < 20; i++) {
            cm.add(999, 999);
        }
        return cm;
    }

    @Test
    void theClassesShownAreThoseWithTheMostCasesInClassOrder() {
        ConfusionMatrix cm = many();
        // 7 cases: classes 6, 13, 20, ...; 999 (% 7 = 5) has 6 + 20
        assertArrayEquals(new int[] {6, 13, 20, 999}, cm.largest(4));
        assertEquals(3, new ConfusionMatrix(3).largest(30).length);
    }

    @Test
    void aTableOfThousandsOfClassesShowsThirtyAndSaysHowManyWereLeftOut() {
        ConfusionMatrix cm = many();
        String[] names = new String[1000];
        for (int i = 0; i < names.length; i++) {
            names[i] = "class" + i;
        }
        String t = cm.format(names, 30);
        assertTrue(t.length() < 30 * 40 * 12, t.length() + " characters");
        assertTrue(t.contains("(the 30 classes with the most cases of 1000 are shown; 970 left out)"), t);
        assertTrue(t.contains("class999") && !t.contains("class0 "), t);
        assertTrue(t.endsWith(String.format(java.util.Locale.ROOT, "accuracy %.4f, macro F1 %.4f%n", cm.accuracy(),
                cm.macroF1())), t);
        ConfusionMatrix small = new ConfusionMatrix(3);
        small.add(0, 1);
        assertEquals(small.format(new String[] {"a", "b", "c"}), small.format(new String[] {"a", "b", "c"}, 30));
    }
}
