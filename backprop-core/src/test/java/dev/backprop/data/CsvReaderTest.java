package dev.backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    Path gzip(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = CsvReaderTest.class.getResourceAsStream("/dev/backprop/data/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    static String fail(Path file, CsvFormat format) {
        InputFormatException e = assertThrows(InputFormatException.class, () -> CsvReader.read(file, format));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    /**
     * Latin-1 labels café and cafè are not UTF-8: replacing their bytes would make one class of
     * two, so they are refused naming the line and byte, and read as two classes when the
     * encoding is given. The bad byte lies past the reader's first block, plain and gzipped.
     */
    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheLineAndByte() throws IOException {
        StringBuilder text = new StringBuilder("x,label\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",tea\n");
        }
        String head = text.toString();
        text.append("1,café\n2,cafè\n");
        byte[] latin1 = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        Path plain = dir.resolve("latin1.csv");
        Files.write(plain, latin1);
        Path gz = dir.resolve("latin1.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(latin1);
        }
        int at = head.length() + "1,caf".length();
        for (Path p : List.of(plain, gz)) {
            assertEquals(p + ":20002: byte " + at + ": expected UTF-8 text, found 0xe9, which is not UTF-8; give the "
                    + "file's encoding if it has another (for example ISO-8859-1)", fail(p, CsvFormat.defaults()));
            CsvData d = CsvReader.read(p, CsvFormat.defaults().withEncoding(StandardCharsets.ISO_8859_1));
            assertEquals(List.of("caf\u00e8", "caf\u00e9", "tea"), d.classes().names());
        }
        // a truncated sequence at the very end of the file
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, new byte[] {'a', ',', 'b', '\n', '1', ',', 'x', '\n', '2', ',', (byte) 0xc3});
        assertEquals(cut + ":3: byte 10: expected UTF-8 text, found 0xc3, which is not UTF-8; give the file's "
                + "encoding if it has another (for example ISO-8859-1)", fail(cut, CsvFormat.defaults()));
    }

    static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should contain '" + p + "'");
        }
    }

    @Test
    void headerAndStringClassesToOneHotAndBack() throws IOException {
        Path f = write("h.csv", "a,b,species\n1,2,dog\n3,4,cat\n\n5,6.5,dog\n");
        CsvData d = CsvReader.read(f, CsvFormat.defaults());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals(List.of("species"), d.targetNames());
        assertEquals(List.of("cat", "dog"), d.classes().names());
        assertEquals(3, d.rows());
        assertTrue(d.seconds() >= 0);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, d.dataset().x());
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1}, d.dataset().y());
        assertEquals("dog", d.classes().decide(d.dataset().y(), 0, 2));
        assertEquals("cat", d.classes().decide(new float[] {0.9f, 0.1f}, 0, 2));
        contains(d.summary(), "3 rows", "2 features", "2 classes");
    }

    @Test
    void noHeaderExplicitAndAutoDetected() throws IOException {
        Path f = write("n.csv", "1,2,0\n3,4,1\n");
        for (CsvFormat.Header h : new CsvFormat.Header[] {CsvFormat.Header.NO, CsvFormat.Header.AUTO}) {
            CsvData d = CsvReader.read(f, CsvFormat.defaults().withHeader(h));
            assertEquals(2, d.rows());
            assertEquals(List.of("c0", "c1"), d.featureNames());
            assertEquals(List.of("0", "1"), d.classes().names());
        }
        // a header whose cells are numbers needs Header.YES
        CsvData d = CsvReader.read(write("y.csv", "1,2,3\n1,2,a\n3,4,b\n"),
                CsvFormat.defaults().withHeader(CsvFormat.Header.YES));
        assertEquals(List.of("1", "2"), d.featureNames());
        assertEquals(2, d.rows());
        // auto: string labels in the first row do not make it a header, a string feature does
        assertEquals(2, CsvReader.read(write("s.csv", "1,2,x\n3,4,y\n"), CsvFormat.defaults()).rows());
        assertEquals(1, CsvReader.read(write("t.csv", "x,y,z\n3,4,5\n"), CsvFormat.defaults()
                .regression()).rows());
    }

    @Test
    void semicolonDelimiterAndLabelByNameIndexAndLast() throws IOException {
        Path f = write("s.csv", "label;x;y\nb;1;2\na;3;4\n");
        CsvFormat semi = CsvFormat.defaults().withDelimiter(';');
        for (CsvFormat fmt : new CsvFormat[] {semi.withLabels("label"), semi.withLabels(0), semi.withLabels(-3)}) {
            CsvData d = CsvReader.read(f, fmt);
            assertEquals(List.of("x", "y"), d.featureNames());
            assertArrayEquals(new float[] {1, 2, 3, 4}, d.dataset().x());
            assertEquals(1, d.dataset().label(0));
            assertEquals(0, d.dataset().label(1));
        }
        CsvData last = CsvReader.read(write("r.csv", "label;x;y\n0;1;2\n"), semi.withLabels(-1).regression());
        assertEquals(List.of("label", "x"), last.featureNames());
        assertEquals(List.of("y"), last.targetNames());
        assertNull(last.classes());
    }

    @Test
    void regressionWithTwoTargets() throws IOException {
        Path f = write("r.csv", "x1,t1,x2,t2\n1,10,2,-20\n3,1e-3,4,2.5\n");
        CsvData d = CsvReader.read(f, CsvFormat.defaults().withLabels("t2", "t1").regression());
        assertEquals(List.of("x1", "x2"), d.featureNames());
        assertEquals(List.of("t2", "t1"), d.targetNames());
        assertEquals(2, d.dataset().outputs());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.dataset().x());
        assertArrayEquals(new float[] {-20, 10, 2.5f, 1e-3f}, d.dataset().y());
        CsvData byIndex = CsvReader.read(f, CsvFormat.defaults().withLabels(1, -1).regression());
        assertArrayEquals(new float[] {10, -20, 1e-3f, 2.5f}, byIndex.dataset().y());
    }

    @Test
    void quotedFields() throws IOException {
        Path f = write("q.csv", "\"a,1\",\"b \"\"x\"\"\",class\n\"1.5\", 2 ,\"cat, big\"\n3,4,\"say \"\"hi\"\"\"\n");
        CsvData d = CsvReader.read(f, CsvFormat.defaults());
        assertEquals(List.of("a,1", "b \"x\""), d.featureNames());
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, d.dataset().x());
        assertEquals(List.of("cat, big", "say \"hi\""), d.classes().names());
        List<String> out = new ArrayList<>();
        assertNull(CsvCells.split("a,,\"\",", ',', out));
        assertEquals(List.of("a", "", "", ""), out);
        contains(CsvCells.split("\"abc,d", ',', out), "not closed");
        contains(CsvCells.split("\"ab\"c,d", ',', out), "character 5", "found 'c'");
        contains(fail(write("u.csv", "a,b\n\"1,2\n"), CsvFormat.defaults()), ":2:", "not closed");
    }

    @Test
    void gzipByMagicBytesAndDigits() throws IOException {
        Path f = gzip("plain-name.csv", "a,b,c\n1,2,x\n3,4,y\n");
        CsvData d = CsvReader.read(f, CsvFormat.defaults());
        assertEquals(2, d.rows());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.dataset().x());
        CsvData digits = CsvReader.read(resource("digits.csv.gz"), CsvFormat.defaults());
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.dataset().inputs());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), digits.classes().names());
        int[] counts = new int[10];
        for (int c = 0; c < digits.rows(); c++) {
            counts[digits.dataset().label(c)]++;
        }
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
    }

    @Test
    void irisWithSkippedFirstLine() throws IOException {
        CsvData d = CsvReader.read(resource("iris.csv"), CsvFormat.defaults().withSkipLines(1));
        assertEquals(150, d.rows());
        assertEquals(4, d.dataset().inputs());
        assertEquals(List.of("0", "1", "2"), d.classes().names());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, d.dataset().input(0));
        assertEquals(0, d.dataset().label(0));
        assertEquals(2, d.dataset().label(149));
    }

    @Test
    void classOrderIsNumericThenLexicographic() {
        assertEquals(List.of("-1.5", "1", "9", "10", "1e3", "B", "a", "b"),
                ClassNames.sorted(List.of("b", "10", "a", "9", "1e3", "B", "1", "-1.5", "10")).names());
        assertEquals(List.of("z", "a"), ClassNames.of(List.of("z", "a")).names());
        assertThrows(IllegalArgumentException.class, () -> ClassNames.of(List.of("a", "a")));
    }

    @Test
    void badInputCorpus() throws IOException {
        CsvFormat fmt = CsvFormat.defaults();
        contains(fail(write("empty.csv", ""), fmt), "empty.csv:1:", "empty");
        contains(fail(write("blank.csv", "\n  \n"), fmt), "empty");
        contains(fail(gzip("empty.gz", ""), fmt), "empty");
        contains(fail(write("skip.csv", "150,4\n"), fmt.withSkipLines(2)), "skip.csv:2:", "ends within the 2 lines");
        contains(fail(write("head.csv", "a,b,c\n"), fmt), "head.csv:2:",
                "expected data rows after the header on line 1");
        contains(fail(write("ragged.csv", "a,b,c\n1,2,x\n1,2\n"), fmt), "ragged.csv:3: expected 3 fields, found 2");
        contains(fail(write("ragged2.csv", "1,2,x\n1,2,3,y\n"), fmt), "ragged2.csv:2: expected 3 fields, found 4");
        contains(fail(write("abc.csv", "a,b,c\n1,2,x\n1,abc,y\n"), fmt),
                "abc.csv:3: column 'b': 'abc' is not a number");
        contains(fail(write("nan.csv", "a,b,c\n1,NaN,x\n"), fmt),
                "nan.csv:2: column 'b': 'NaN' is not a finite number");
        contains(fail(write("nan2.csv", "1,nan,x\n"), fmt), "nan2.csv:1: column 'c1': 'nan' is not a finite");
        contains(fail(write("inf.csv", "a,b,c\n1,2,x\n-Infinity,2,y\n"), fmt),
                "inf.csv:3: column 'a': '-Infinity'");
        contains(fail(write("big.csv", "a,b,c\n1e39,2,x\n"), fmt), "big.csv:2: column 'a':", "float32 range");
        contains(fail(write("suffix.csv", "a,b,c\n1f,2,x\n"), fmt), "suffix.csv:2: column 'a': '1f' is not a number");
        contains(fail(write("emptycell.csv", "a,b,c\n1,,x\n"), fmt), "emptycell.csv:2: column 'b': empty cell");
        contains(fail(write("nolabel.csv", "a,b,c\n1,2,x\n1,2,\n"), fmt), "nolabel.csv:3: column 'c': empty label");
        contains(fail(write("noname.csv", "a,b,c\n1,2,x\n"), fmt.withLabels("d")), "noname.csv:1:",
                "label column 'd' is not in the header", "a, b, c");
        contains(fail(write("nohead.csv", "1,2,3\n"), fmt.withLabels("d")), "nohead.csv:1:", "no header");
        contains(fail(write("range.csv", "1,2,x\n"), fmt.withLabels(3)), "range.csv:1: label column index 3 is out "
                + "of range; expected -3..2");
        contains(fail(write("range2.csv", "1,2,x\n"), fmt.withLabels(-4)), "index -4 is out of range");
        contains(fail(write("one.csv", "1,2,x\n3,4,x\n"), fmt), "only the class 'x'", "at least 2");
        contains(fail(write("all.csv", "1\n2\n"), fmt.regression()), "all 1 columns are label columns");
        contains(fail(write("dup.csv", "1,2,3\n"), fmt.withLabels(0, -3).regression()), "named twice");
        assertThrows(IllegalArgumentException.class, () -> CsvReader.read(write("two.csv", "1,2,3\n"),
                fmt.withLabels(0, 1)));
        // regression targets must be numbers too
        contains(fail(write("rt.csv", "a,t\n1,x\n"), fmt.regression()), "rt.csv:2: column 't': 'x' is not a number");
        // damaged gzip
        byte[] gz = Files.readAllBytes(gzip("ok.gz", "a,b,c\n1,2,x\n3,4,y\n".repeat(100)));
        Path broken = dir.resolve("broken.gz");
        Files.write(broken, java.util.Arrays.copyOf(gz, gz.length / 2));
        contains(fail(broken, fmt), "broken.gz", "damaged");
    }

    @Test
    void tooManyClassesForOneHotTargetsAreRefusedNotOverflowed() throws IOException {
        // 46341 rows of distinct labels: 46341² one-hot values do not fit an array (rows × classes
        // overflowed int before); a numeric target read as class names looks like this, and the
        // default class limit refuses it first (ClassLabelsTest): without the limit, the array bound holds
        int rows = 46341;
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int r = 0; r < rows; r++) {
            sb.append(r % 7).append(',').append(r).append(".5\n");
        }
        Path f = write("many.csv", sb.toString());
        ClassNames.Limit none = new ClassNames.Limit(Integer.MAX_VALUE, false, "unused");
        assertEquals(f + ": column 'y' gives 46341 rows × 46341 classes = 2147488281 one-hot target values; expected "
                + "at most 2147483631 (for numeric targets, read the column for regression)",
                assertThrows(InputFormatException.class, () -> CsvReader.read(f, CsvFormat.defaults(), none))
                        .getMessage());
        assertEquals(rows, CsvReader.read(f, CsvFormat.defaults().regression()).rows());
    }

    @Test
    void messagesEscapeControlCharactersToStayOneLine() {
        assertEquals("f:1: 'a\\u001B[2Jb\\u0000' and \\n, \\r, \\t, \\u2028, \\u0085",
                new InputFormatException("f:1: 'a\u001b[2Jb\u0000' and \n, \r, \t, \u2028, \u0085").getMessage());
        String plain = "f:2: nothing to escape, ünïcödé 🙂";
        assertEquals(plain, new InputFormatException(plain).getMessage());
    }

    @Test
    void predictionInputsWithAndWithoutLabels() throws IOException {
        List<String> names = List.of("a", "b");
        ClassNames classes = ClassNames.of(List.of("cat", "dog"));
        CsvFormat fmt = CsvFormat.defaults();
        CsvInputs with = CsvReader.readInputs(write("p1.csv", "a,b,c\n1,2,dog\n3,4,cat\n"), fmt, names, classes);
        assertEquals(2, with.rows());
        assertArrayEquals(new float[] {1, 2, 3, 4}, with.x());
        assertArrayEquals(new float[] {0, 1, 1, 0}, with.y());
        assertEquals(2, with.dataset().size());
        CsvInputs without = CsvReader.readInputs(write("p2.csv", "a,b\n1,2\n"), fmt, names, classes);
        assertFalse(without.hasTargets());
        assertEquals(0, without.outputs());
        assertArrayEquals(new float[] {1, 2}, without.x());
        CsvInputs bare = CsvReader.readInputs(write("p3.csv", "1,2\n3,4\n5,6\n"), fmt, 2, null);
        assertEquals(3, bare.rows());
        CsvInputs ignored = CsvReader.readInputs(write("p4.csv", "1,2,dog\n"), fmt, 2, null);
        assertFalse(ignored.hasTargets());
        CsvInputs named = CsvReader.readInputs(write("p5.csv", "b,c,a\n1,dog,2\n"),
                fmt.withLabels("c"), List.of("b", "a"), classes);
        assertArrayEquals(new float[] {0, 1}, named.y());
        CsvInputs reg = CsvReader.readInputs(write("p6.csv", "1,2,0.5\n"), fmt.regression(), 2, null);
        assertArrayEquals(new float[] {0.5f}, reg.y());
    }

    @Test
    void predictionErrors() throws IOException {
        List<String> names = List.of("a", "b", "c", "d");
        ClassNames classes = ClassNames.of(List.of("cat", "dog"));
        CsvFormat fmt = CsvFormat.defaults();
        Path narrow = write("narrow.csv", "1,2,3\n");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CsvReader.readInputs(narrow, fmt, names, classes));
        contains(e.getMessage(), "narrow.csv:1: expected 4 feature columns (a, b, c, d), found 3");
        Path order = write("order.csv", "a,c,b,d\n1,2,3,4\n");
        e = assertThrows(InputFormatException.class, () -> CsvReader.readInputs(order, fmt, names, classes));
        contains(e.getMessage(), "order.csv:1:", "(a, b, c, d) in this order, found (a, c, b, d)");
        Path unseen = write("unseen.csv", "1,2,3,4,dog\n1,2,3,4,xyz\n");
        e = assertThrows(InputFormatException.class, () -> CsvReader.readInputs(unseen, fmt, 4, classes));
        contains(e.getMessage(), "unseen.csv:2: class 'xyz' was not seen in training; known classes: cat, dog");
        Path bad = write("bad.csv", "1,2,3,x\n");
        CsvFormat noHeader = fmt.withHeader(CsvFormat.Header.NO);
        e = assertThrows(InputFormatException.class, () -> CsvReader.readInputs(bad, noHeader, 4, classes));
        contains(e.getMessage(), "bad.csv:1: column 'c3': 'x' is not a number");
        Path wide = write("wide.csv", "1,2,3,4,5,6\n");
        e = assertThrows(InputFormatException.class, () -> CsvReader.readInputs(wide, fmt, 4, classes));
        contains(e.getMessage(), "wide.csv:1: expected 4 feature columns, found 6");
    }
}
