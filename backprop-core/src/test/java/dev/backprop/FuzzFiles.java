package dev.backprop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the fuzz tests share: a scratch file per test class and the checks on a refusal. */
public final class FuzzFiles {
    private FuzzFiles() {
    }

    /**
     * A scratch file, deleted when the JVM exits; the fuzz tests overwrite it for every input.
     *
     * @param prefix file name prefix
     * @param suffix file name suffix
     * @return the path
     */
    public static Path temp(String prefix, String suffix) {
        try {
            Path p = Files.createTempFile(prefix, suffix);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that a refusal is one line that starts with the file's name. Line breaks in any form
     * (CR, LF, VT, FF, NEL, U+2028, U+2029) and other control characters, which a terminal would
     * act on, count as more than one line.
     *
     * @param file the file read
     * @param e the refusal
     */
    public static void assertOneLineNaming(Path file, Exception e) {
        String m = e.getMessage();
        if (m == null) {
            fail("no message", e);
        }
        assertTrue(m.startsWith(file.toString()), () -> "message does not start with the file: " + m);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if ((Character.isISOControl(c) && c != '\t') || c == '\u2028' || c == '\u2029') {
                fail(String.format("message holds control character U+%04X at %d: %s", (int) c, i,
                        m.replaceAll("[\\p{Cntrl}\u2028\u2029]", "?")), e);
            }
        }
    }

    /**
     * Asserts that every value is finite.
     *
     * @param v the values
     */
    public static void assertFinite(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                fail("value " + i + " is " + v[i]);
            }
        }
    }
}
