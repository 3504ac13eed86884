package dev.backprop.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text through jackson-jr, for {@code --log-json} lines, {@code --format json} and run
 * records, and the token stream of {@code serve}'s requests. A NaN or infinite number (an
 * unmeasured figure) is written as {@code null}.
 */
public final class JsonOut {
    private static final JSON COMPACT = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    /** Reads NaN and Infinity as numbers, so that a request holding one is refused by name, not as bad JSON. */
    private static final JsonFactory TOKENS = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private JsonOut() {
    }

    /**
     * @param value maps, collections, primitive arrays, strings, numbers, booleans, null
     * @return its JSON text on one line
     */
    public static String write(Object value) {
        return write(COMPACT, value);
    }

    /**
     * @param value as for {@link #write}
     * @return its JSON text, indented
     */
    static String pretty(Object value) {
        return write(PRETTY, value);
    }

    /**
     * @param text JSON text of an object
     * @return its members, in order
     * @throws IOException if the text is not a JSON object
     */
    public static Map<String, Object> readObject(String text) throws IOException {
        return JSON.std.mapFrom(text);
    }

    /**
     * A token stream over JSON text, for reading a large document value by value without building
     * it as maps and lists. {@code NaN}, {@code Infinity} and {@code -Infinity} read as numbers.
     *
     * @param in the text, UTF-8 (or another encoding JSON allows, detected)
     * @return the parser, before its first token
     * @throws IOException if the stream cannot be read
     */
    public static JsonParser tokens(InputStream in) throws IOException {
        return TOKENS.createParser(in);
    }

    private static String write(JSON json, Object value) {
        try {
            return json.asString(clean(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the value with non-finite numbers replaced by null and primitive arrays by lists. */
    private static Object clean(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return Double.isFinite(((Number) v).doubleValue()) ? v : null;
        }
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put(String.valueOf(e.getKey()), clean(e.getValue()));
            }
            return m;
        }
        if (v instanceof Collection) {
            List<Object> l = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                l.add(clean(o));
            }
            return l;
        }
        if (v instanceof double[]) {
            List<Object> l = new ArrayList<>();
            for (double d : (double[]) v) {
                l.add(clean(d));
            }
            return l;
        }
        if (v instanceof float[]) {
            List<Object> l = new ArrayList<>();
            for (float d : (float[]) v) {
                l.add(clean(d));
            }
            return l;
        }
        if (v instanceof long[]) {
            List<Object> l = new ArrayList<>();
            for (long d : (long[]) v) {
                l.add(d);
            }
            return l;
        }
        if (v instanceof int[]) {
            List<Object> l = new ArrayList<>();
            for (int d : (int[]) v) {
                l.add(d);
            }
            return l;
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return v.toString();
    }
}
