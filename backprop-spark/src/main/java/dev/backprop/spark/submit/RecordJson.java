package dev.backprop.spark.submit;

import java.util.Collection;
import java.util.Map;

/**
 * JSON text of a run record: maps, collections, int arrays, strings, numbers, booleans and null,
 * indented, as {@code backprop train} writes it (through jackson-jr): a NaN or infinite number (an
 * unmeasured figure, such as the validation loss of a run without validation data) is null, and a
 * member whose value is null is left out. Written here because the CLI's writer is jackson-jr, which this
 * module's jar does not carry (Spark brings a Jackson of its own).
 */
final class RecordJson {
    private RecordJson() {
    }

    /** @param value the record @return its JSON text, ending in a newline */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        value(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void value(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? v.toString() : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? " " : ", ").append(a[i]);
            }
            sb.append(a.length == 0 ? "]" : " ]");
        } else if (v instanceof Map<?, ?> m) {
            String inner = indent + "  ";
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (absent(e.getValue())) {
                    continue;
                }
                sb.append(i++ == 0 ? "\n" : ",\n").append(inner);
                string(sb, String.valueOf(e.getKey()));
                sb.append(" : ");
                value(sb, e.getValue(), inner);
            }
            sb.append(i == 0 ? "}" : "\n" + indent + "}");
        } else if (v instanceof Collection<?> c) {
            String inner = indent + "  ";
            sb.append('[');
            int i = 0;
            for (Object o : c) {
                sb.append(i++ == 0 ? " " : ", ");
                value(sb, o, inner);
            }
            sb.append(c.isEmpty() ? "]" : " ]");
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static boolean absent(Object v) {
        return v == null || (v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue());
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
