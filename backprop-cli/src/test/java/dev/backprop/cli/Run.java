package dev.backprop.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/** Runs the backprop command in this JVM and keeps what it printed. */
record Run(int code, String out, String err) {

    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return Arrays.stream(err.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    /** Asserts exit 2 with one line on stderr that holds each of {@code parts}. */
    static void assertBadInput(Run r, String... parts) {
        Assertions.assertEquals(2, r.code(), r::toString);
        Assertions.assertEquals(1, r.errLines().size(), r::toString);
        for (String p : parts) {
            Assertions.assertTrue(r.err().contains(p), () -> "no '" + p + "' in " + r);
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
