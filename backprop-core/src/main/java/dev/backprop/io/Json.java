package dev.backprop.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, strict subset of JSON that safetensors headers need: objects (no duplicate keys),
 * strings (all JSON escapes, strict UTF-8, no lone surrogates), arrays and non-negative integers
 * that fit a {@code long}. {@code true}, {@code false}, {@code null}, negative numbers, fractions
 * and exponents are refused, as is anything but whitespace after the top-level value.
 */
final class Json {
    /** Deepest nesting accepted; a safetensors header needs 3. */
    static final int MAX_DEPTH = 16;

    private Json() {
    }

    /** A parsed value and the position of its first byte. */
    sealed interface Value permits Obj, Str, Arr, Num {
        /** @return position of the value's first byte in the parsed bytes */
        int at();
    }

    /**
     * An object, its members in file order.
     *
     * @param at position of '{'
     * @param members the members, unmodifiable
     * @param keyAt position of each key's opening quote
     */
    record Obj(int at, Map<String, Value> members, Map<String, Integer> keyAt) implements Value {
    }

    /**
     * A string.
     *
     * @param at position of the opening quote
     * @param value the decoded text
     */
    record Str(int at, String value) implements Value {
    }

    /**
     * An array.
     *
     * @param at position of '['
     * @param items the items, unmodifiable
     */
    record Arr(int at, List<Value> items) implements Value {
    }

    /**
     * A non-negative integer.
     *
     * @param at position of the first digit
     * @param value the value
     */
    record Num(int at, long value) implements Value {
    }

    /** Bad syntax, or more values than the caller allows: where, and what was expected there. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int at;
        final String expected;
        /** Whether the text is valid so far but holds more values than allowed. */
        final boolean tooMany;

        SyntaxError(int at, String expected, boolean tooMany) {
            super(expected, null, false, false);
            this.at = at;
            this.expected = expected;
            this.tooMany = tooMany;
        }
    }

    /**
     * Parses one JSON value filling {@code bytes[from, to)}, whitespace allowed around it, holding
     * at most {@code maxValues} values, object keys counted as values: what the parse builds is
     * bounded by what the caller can need, not by how many values the bytes can spell.
     *
     * @param bytes UTF-8 text
     * @param from first byte
     * @param to end, exclusive
     * @param maxValues the most values and keys to build
     * @return the value
     * @throws SyntaxError with the position (relative to {@code from}) and what was expected;
     *         {@link SyntaxError#tooMany} when the text holds more than {@code maxValues}
     */
    static Value parse(byte[] bytes, int from, int to, int maxValues) throws SyntaxError {
        Parser p = new Parser(bytes, from, to, maxValues);
        Value v = p.value(0);
        p.ws();
        if (p.pos < to) {
            throw p.error("the end of the JSON text, found " + p.describe());
        }
        return v;
    }

    /**
     * Writes a JSON string literal: quotes, backslashes and control characters escaped, everything
     * else as is (to be encoded as UTF-8).
     *
     * @param s the text; must not hold lone surrogates
     * @param out appended to
     * @throws IllegalArgumentException if s holds a lone surrogate (not encodable as UTF-8)
     */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text \"" + s + "\" holds a lone surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "; it cannot be written as UTF-8");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final byte[] b;
        private final int from;
        private final int end;
        private final int maxValues;
        private int pos;
        private int values;

        Parser(byte[] b, int from, int end, int maxValues) {
            this.b = b;
            this.from = from;
            this.end = end;
            this.maxValues = maxValues;
            this.pos = from;
        }

        SyntaxError error(String expected) {
            return new SyntaxError(pos - from, expected, false);
        }

        SyntaxError error(int at, String expected) {
            return new SyntaxError(at - from, expected, false);
        }

        /** Counts one more value or key, refusing one past the limit before it is built. */
        void count() throws SyntaxError {
            if (++values > maxValues) {
                throw new SyntaxError(pos - from, "at most " + maxValues + " JSON values and keys, found more", true);
            }
        }

        String describe() {
            if (pos >= end) {
                return "the end of the text";
            }
            int c = b[pos] & 0xff;
            return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
        }

        void ws() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
                pos++;
            }
        }

        Value value(int depth) throws SyntaxError {
            ws();
            if (pos >= end) {
                throw error("a JSON value, found the end of the text");
            }
            count();
            byte c = b[pos];
            if (c == '{' || c == '[') {
                if (depth >= MAX_DEPTH) {
                    throw error("at most " + MAX_DEPTH + " levels of nesting");
                }
                return c == '{' ? object(depth) : array(depth);
            }
            if (c == '"') {
                int at = pos;
                return new Str(at - from, string());
            }
            if (c >= '0' && c <= '9') {
                return number();
            }
            if (c == '-') {
                throw error("a non-negative integer, found a negative number");
            }
            throw error("a JSON object, array, string or non-negative integer, found " + describe());
        }

        private Obj object(int depth) throws SyntaxError {
            int at = pos++;
            Map<String, Value> members = new LinkedHashMap<>();
            Map<String, Integer> keyAt = new LinkedHashMap<>();
            ws();
            if (pos < end && b[pos] == '}') {
                pos++;
                return new Obj(at, Collections.unmodifiableMap(members), Collections.unmodifiableMap(keyAt));
            }
            while (true) {
                ws();
                if (pos >= end || b[pos] != '"') {
                    throw error("a string key in a JSON object, found " + describe());
                }
                count();
                int k = pos;
                String key = string();
                if (members.containsKey(key)) {
                    throw error(k, "unique keys in a JSON object, found the key \"" + key + "\" a second time");
                }
                ws();
                if (pos >= end || b[pos] != ':') {
                    throw error("':' after a key, found " + describe());
                }
                pos++;
                members.put(key, value(depth + 1));
                keyAt.put(key, k - from);
                ws();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == '}') {
                    pos++;
                    return new Obj(at - from, Collections.unmodifiableMap(members),
                            Collections.unmodifiableMap(keyAt));
                } else {
                    throw error("',' or '}' in a JSON object, found " + describe());
                }
            }
        }

        private Arr array(int depth) throws SyntaxError {
            int at = pos++;
            List<Value> items = new ArrayList<>();
            ws();
            if (pos < end && b[pos] == ']') {
                pos++;
                return new Arr(at - from, Collections.unmodifiableList(items));
            }
            while (true) {
                items.add(value(depth + 1));
                ws();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == ']') {
                    pos++;
                    return new Arr(at - from, Collections.unmodifiableList(items));
                } else {
                    throw error("',' or ']' in a JSON array, found " + describe());
                }
            }
        }

        private Num number() throws SyntaxError {
            int at = pos;
            if (b[pos] == '0' && pos + 1 < end && b[pos + 1] >= '0' && b[pos + 1] <= '9') {
                throw error("an integer without leading zeros");
            }
            long v = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                int d = b[pos] - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    throw error(at, "an integer of at most " + Long.MAX_VALUE);
                }
                v = v * 10 + d;
                pos++;
            }
            if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E')) {
                throw error("an integer, found a fraction or exponent");
            }
            return new Num(at - from, v);
        }

        /** Reads a string starting at the opening quote; returns it decoded. */
        private String string() throws SyntaxError {
            pos++;
            StringBuilder s = new StringBuilder();
            while (true) {
                if (pos >= end) {
                    throw error("a closing '\"', found the end of the text");
                }
                int c = b[pos] & 0xff;
                if (c == '"') {
                    pos++;
                    return checkSurrogates(s);
                } else if (c == '\\') {
                    escape(s);
                } else if (c < 0x20) {
                    throw error(String.format("an escaped control character in a string, found byte 0x%02x", c));
                } else if (c < 0x80) {
                    s.append((char) c);
                    pos++;
                } else {
                    utf8(s, c);
                }
            }
        }

        private String checkSurrogates(StringBuilder s) throws SyntaxError {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw error(pos - 1, "a string without lone surrogates (\\u escapes D800-DFFF must pair)");
                }
            }
            return s.toString();
        }

        private void escape(StringBuilder s) throws SyntaxError {
            if (pos + 1 >= end) {
                throw error("an escape sequence, found the end of the text");
            }
            char e = (char) b[pos + 1];
            switch (e) {
                case '"': s.append('"'); break;
                case '\\': s.append('\\'); break;
                case '/': s.append('/'); break;
                case 'b': s.append('\b'); break;
                case 'f': s.append('\f'); break;
                case 'n': s.append('\n'); break;
                case 'r': s.append('\r'); break;
                case 't': s.append('\t'); break;
                case 'u':
                    if (pos + 6 > end) {
                        throw error("\\u and 4 hex digits, found the end of the text");
                    }
                    int v = 0;
                    for (int k = 2; k < 6; k++) {
                        int d = Character.digit((char) b[pos + k], 16);
                        if (d < 0 || b[pos + k] < 0) {
                            throw error("\\u and 4 hex digits");
                        }
                        v = v * 16 + d;
                    }
                    s.append((char) v);
                    pos += 6;
                    return;
                default:
                    throw error("an escape \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits, found \\" + describeAt(pos + 1));
            }
            pos += 2;
        }

        private String describeAt(int i) {
            int c = b[i] & 0xff;
            return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("byte 0x%02x", c);
        }

        private void utf8(StringBuilder s, int c0) throws SyntaxError {
            int n;
            int cp;
            if (c0 >= 0xC2 && c0 <= 0xDF) {
                n = 1;
                cp = c0 & 0x1f;
            } else if (c0 >= 0xE0 && c0 <= 0xEF) {
                n = 2;
                cp = c0 & 0x0f;
            } else if (c0 >= 0xF0 && c0 <= 0xF4) {
                n = 3;
                cp = c0 & 0x07;
            } else {
                throw error(String.format("valid UTF-8, found byte 0x%02x", c0));
            }
            for (int k = 1; k <= n; k++) {
                if (pos + k >= end || (b[pos + k] & 0xC0) != 0x80) {
                    throw error("valid UTF-8, found a truncated multi-byte sequence");
                }
                cp = (cp << 6) | (b[pos + k] & 0x3f);
            }
            if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))
                    || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw error("valid UTF-8, found an overlong sequence, a surrogate or a code point past U+10FFFF");
            }
            s.appendCodePoint(cp);
            pos += n + 1;
        }
    }
}
