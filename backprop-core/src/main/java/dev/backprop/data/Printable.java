package dev.backprop.data;

import java.util.List;
import java.util.Locale;

/**
 * Text from files (cells, column and class names, file names) made safe to show on one terminal
 * line: in messages, tables and reports. Such text may hold any character, so control characters
 * (U+0000..U+001F, U+007F..U+009F) and the line and paragraph separators U+2028, U+2029 are written
 * as escapes: {@code \n}, {@code \r}, {@code \t}, else a backslash, the letter u and the character's
 * code as four hexadecimal digits (ESC becomes backslash, u, 001B). A long text is cut with a count
 * of what was left out, so that a one-line message stays a line a person can read.
 */
public final class Printable {
    /** The most list items {@link #list} shows. */
    static final int LIST_ITEMS = 10;
    /** The longest message {@link #line} keeps whole, in characters. */
    static final int LINE_CHARS = 2000;

    private Printable() {
    }

    /**
     * Escapes the characters that would break a line or act on a terminal.
     *
     * @param s any text, or null
     * @return s with control characters, U+2028 and U+2029 escaped (null for null)
     */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = escaped(c);
            if (bad && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out == null) {
                continue;
            }
            if (!bad) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * @param c a character
     * @return whether {@link #escape} writes it as an escape: a control character, U+2028 or U+2029
     */
    static boolean escaped(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * A message as one line: escaped as {@link #escape}, and when longer than 2000 characters cut in
     * the middle, where a long quoted value or list sits, keeping its start and its end (what was
     * expected) around "… (N more characters) …".
     *
     * @param message a message, or null
     * @return the line (null for null)
     */
    public static String line(String message) {
        String s = escape(message);
        if (s == null || s.length() <= LINE_CHARS) {
            return s;
        }
        int head = LINE_CHARS * 3 / 4;
        int tail = LINE_CHARS / 4;
        if (Character.isHighSurrogate(s.charAt(head - 1))) {
            head--;
        }
        if (Character.isLowSurrogate(s.charAt(s.length() - tail))) {
            tail--;
        }
        int cut = s.length() - head - tail;
        return s.substring(0, head) + String.format(Locale.ROOT, "… (%,d more characters) …", cut)
                + s.substring(s.length() - tail);
    }

    /**
     * Names for a message, comma-separated: the first 10 and a count of the rest.
     *
     * @param names the names
     * @return "a, b, c" or "a, b, …, j, … (99,990 more)"
     */
    public static String list(List<String> names) {
        if (names.size() <= LIST_ITEMS) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LIST_ITEMS))
                + String.format(Locale.ROOT, ", … (%,d more)", names.size() - LIST_ITEMS);
    }
}
