package dev.backprop.data;

import java.util.List;
import java.util.Locale;

/**
 * Splitting one CSV line into fields and reading a cell as a number.
 *
 * <p>Fields follow the usual CSV quoting: a field that starts with a double quote (after optional
 * spaces) runs to the matching closing quote, may hold the delimiter, and writes a quote inside as
 * two quotes ({@code "say ""hi"", then go"}). A quoted field cannot span lines. Unquoted fields
 * are taken as they are, with surrounding whitespace removed; quoted fields keep their content.
 */
final class CsvCells {
    private CsvCells() {
    }

    /**
     * Splits a line into fields.
     *
     * @param line one line, without its line break
     * @param delimiter the field separator
     * @param out cleared, then receives the fields
     * @return null on success, else what is wrong (for a message after "file:LINE: ")
     */
    static String split(String line, char delimiter, List<String> out) {
        out.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            int j = skipSpaces(line, i, delimiter);
            if (j < n && line.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                int open = j;
                j++;
                while (true) {
                    if (j >= n) {
                        return "the quoted field that starts at character " + (open + 1)
                                + " is not closed; expected a closing '\"' on the same line";
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        if (j + 1 < n && line.charAt(j + 1) == '"') {
                            sb.append('"');
                            j += 2;
                        } else {
                            j++;
                            break;
                        }
                    } else {
                        sb.append(c);
                        j++;
                    }
                }
                out.add(sb.toString());
                j = skipSpaces(line, j, delimiter);
                if (j == n) {
                    return null;
                }
                if (line.charAt(j) != delimiter) {
                    return "character " + (j + 1) + ": expected '" + delimiter + "' or the end of the line after a "
                            + "closing quote, found '" + line.charAt(j) + "'";
                }
                i = j + 1;
            } else {
                int k = line.indexOf(delimiter, i);
                if (k < 0) {
                    out.add(line.substring(i).strip());
                    return null;
                }
                out.add(line.substring(i, k).strip());
                i = k + 1;
            }
        }
    }

    private static int skipSpaces(String line, int i, char delimiter) {
        while (i < line.length() && line.charAt(i) == ' ' && delimiter != ' ') {
            i++;
        }
        return i;
    }

    /**
     * Whether a cell looks like a decimal number: digits, signs, points and exponent letters only,
     * with at least one digit. Java's suffixes ({@code 1f}, {@code 1d}) and hex do not count.
     *
     * @param s a cell
     * @return true if it may be parsed as a number
     */
    static boolean numeric(String s) {
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit;
    }

    /**
     * @param s a cell
     * @return true for the spellings of NaN and infinity ({@code nan}, {@code inf}, {@code -Infinity}, …)
     */
    static boolean nonFinite(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    /**
     * Whether a cell would be read as a number or as a bad number (NaN, infinity, empty) rather
     * than as a name: for header detection.
     *
     * @param s a cell
     * @return true if it is not a column name
     */
    static boolean numberLike(String s) {
        return s.isEmpty() || numeric(s) || nonFinite(s);
    }

    /**
     * Reads a cell as a finite float32 (the nearest float to the decimal value).
     *
     * @param s the cell
     * @return its value, or NaN if it is not a finite number (then {@link #problem} says why)
     */
    static float parse(String s) {
        if (!numeric(s)) {
            return Float.NaN;
        }
        try {
            float v = Float.parseFloat(s);
            return Float.isFinite(v) ? v : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    /**
     * Why {@link #parse} failed, for a message after "file:LINE: column 'x': ".
     *
     * @param s the cell
     * @return what is wrong and what was expected
     */
    static String problem(String s) {
        if (s.isEmpty()) {
            return "empty cell; expected a number";
        }
        if (nonFinite(s)) {
            return "'" + s + "' is not a finite number; expected a finite number";
        }
        if (numeric(s)) {
            try {
                if (Float.isInfinite(Float.parseFloat(s))) {
                    return "'" + s + "' is outside the float32 range (about ±3.4e38); expected a finite number";
                }
            } catch (NumberFormatException e) {
                // falls through: not a number
            }
        }
        return "'" + s + "' is not a number";
    }
}
