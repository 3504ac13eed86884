package dev.backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a training file's label column may hold as classes. */
class ClassLabelsTest {
    @TempDir
    Path dir;

    /** A file x,y of {@code rows} rows whose label in row r is {@code label.apply(r)}. */
    private Path file(String name, int rows, IntFunction<String> label) throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int r = 0; r < rows; r++) {
            sb.append(r % 7).append(',').append(label.apply(r)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void aNumericTargetWithThousandsOfValuesIsRefusedBeforeItsOneHotTargets() throws IOException {
        Path f = file("target.csv", 3000, r -> String.format(Locale.ROOT, "%.3f", r * 0.731));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(f, CsvFormat.defaults()));
        assertEquals(f + ": column 'y' holds 3000 distinct labels in 3000 rows, all numbers, and more than 1000 "
                + "classes are refused; " + ClassNames.Limit.DEFAULT.advice(), e.getMessage());
    }

    @Test
    void numbersMostlyDistinctAreRefusedAsAContinuousTargetUnlessTheLimitSaysClasses() throws IOException {
        Path f = file("small.csv", 100, r -> Integer.toString(r % 60));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(f, CsvFormat.defaults()));
        assertTrue(e.getMessage().startsWith(f + ": column 'y' holds 60 distinct labels in 100 rows, all numbers "
                + "and more than half of them distinct, as a continuous target's are; "), e.getMessage());
        CsvData d = CsvReader.read(f, CsvFormat.defaults(), new ClassNames.Limit(1000, false, "x"));
        assertEquals(60, d.classes().size());
    }

    @Test
    void classNamesThatAreNotNumbersOrAreFewAreTakenAsThey() throws IOException {
        assertEquals(60, CsvReader.read(file("names.csv", 100, r -> "c" + r % 60), CsvFormat.defaults())
                .classes().size());
        assertEquals(50, CsvReader.read(file("fifty.csv", 60, r -> Integer.toString(r % 50)), CsvFormat.defaults())
                .classes().size());
        assertEquals(3, CsvReader.read(file("three.csv", 4, r -> Integer.toString(r % 3)), CsvFormat.defaults())
                .classes().size());
    }

    @Test
    void theClassLimitHoldsForNamesToo() throws IOException {
        Path f = file("names.csv", 40, r -> "c" + r % 20);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(f, CsvFormat.defaults(), new ClassNames.Limit(10, true, "raise it")));
        assertEquals(f + ": column 'y' holds 20 distinct labels in 40 rows and more than 10 classes are refused; "
                + "raise it", e.getMessage());
    }

    @Test
    void aLabelWithAControlCharacterIsRefusedNamingItsLine() throws IOException {
        Path f = file("esc.csv", 6, r -> r == 3 ? "red\u001B[2J" : r % 2 == 0 ? "red" : "blue");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.read(f, CsvFormat.defaults()));
        assertEquals(f + ":5: column 'y': label 'red\\u001B[2J' holds a control character; expected class names "
                + "of printable characters", e.getMessage());
        Path tab = dir.resolve("tab.csv");
        Files.writeString(tab, "x,y\n1,\"red\tdark\"\n2,blue\n", StandardCharsets.UTF_8);
        assertEquals(List.of("blue", "red\tdark"), CsvReader.read(tab, CsvFormat.defaults()).classes().names(),
                "a tab in a quoted label only moves the text on");
    }

    @Test
    void labelsEqualAsNumbersAndNaNAreDoubted() {
        assertEquals(List.of("labels \"1\" and \"1.0\" are different classes, though equal as numbers (and 1 more "
                + "such pairs); write each class one way", "label \"NaN\" is taken as a class name, not as a missing "
                + "value"), ClassNames.sorted(List.of("1", "1.0", "2", "NaN", "+2", "a")).doubts());
        assertEquals(List.of(), ClassNames.sorted(List.of("1", "2", "10", "a")).doubts());
    }
}
