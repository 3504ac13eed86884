package dev.backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersAreWrittenAsEscapes() {
        assertEquals("a\\u001B[31mb\\u0007\\n\\t\\u2028", Printable.escape("a\u001B[31mb\u0007\n\t\u2028"));
        assertEquals("café, 猫", Printable.escape("café, 猫"));
    }

    @Test
    void aLongMessageIsCutInTheMiddleWithACountKeepingWhatWasExpected() {
        String label = "x".repeat(1_000_000);
        String m = new InputFormatException("t.csv:2: class '" + label + "' was not seen in training; known "
                + "classes: a, b").getMessage();
        assertTrue(m.length() < Printable.LINE_CHARS + 40, m.length() + " characters");
        assertTrue(m.startsWith("t.csv:2: class 'xxx"), m);
        assertTrue(m.endsWith("was not seen in training; known classes: a, b"), m);
        int cut = "t.csv:2: class '".length() + label.length() + "' was not seen in training; known classes: a, b".length()
                - Printable.LINE_CHARS;
        assertTrue(m.contains(String.format("… (%,d more characters) …", cut)), m);
        String shortOne = "t.csv:2: class 'y' was not seen";
        assertEquals(shortOne, Printable.line(shortOne));
    }

    @Test
    void aLongListShowsItsFirstTenNamesAndCountsTheRest() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            names.add("f" + i);
        }
        String s = Printable.list(names);
        assertEquals("f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, … (99,990 more)", s);
        assertEquals("a, b", Printable.list(List.of("a", "b")));
        assertFalse(Printable.list(names.subList(0, 10)).contains("more"));
    }
}
