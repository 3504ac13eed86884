package dev.backprop.data;

import java.io.IOException;

/**
 * A data or model file that cannot be read as what it claims to be. The message is one line that
 * names the file, where in it (line or byte offset) and what was expected; readers throw this type
 * and no other for bad content.
 *
 * <p>Messages quote the file's content (a cell, a column name, a header value), which may hold
 * any character. To keep the message one line that a terminal prints as it is, control characters
 * (U+0000..U+001F, U+007F..U+009F) and the line and paragraph separators U+2028, U+2029 are
 * written as escapes: {@code \n}, {@code \r}, {@code \t}, else a backslash, the letter u and the
 * character's code as four hexadecimal digits (ESC becomes backslash, u, 001B).
 */
public class InputFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the file, the place and what was expected; control characters in
     *     it are escaped
     */
    public InputFormatException(String message) {
        super(oneLine(message));
    }

    /**
     * Escapes the characters that would break a message into lines or act on a terminal.
     *
     * @param s any text
     * @return s with control characters, U+2028 and U+2029 escaped
     */
    static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
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
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out == null ? s : out.toString();
    }
}
