package dev.backprop.cli.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a prediction request, {@code {"inputs": [[...], ...]}} or {@code {"input": [...]}}, token by
 * token, each number straight into the worker's input buffer: no tree of boxed values. Numbers
 * are read as the nearest float32, as the CSV reader reads a cell. Members other than these two
 * are skipped. Every refusal names the field, row and column (from 0, as JSON indexes them).
 */
final class RequestReader {
    private RequestReader() {
    }

    /**
     * @param p a parser over the body, before its first token
     * @param width the model's inputs
     * @param maxBatch the most rows a request may hold
     * @param w the worker whose input buffer receives the rows; {@link Worker#single} is set
     * @return the number of rows read
     * @throws BadRequest for a body that is no such request
     * @throws IOException if the body is not JSON or cannot be read
     */
    static int read(JsonParser p, int width, int maxBatch, Worker w) throws BadRequest, IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw BadRequest.of("the body is " + kind(t) + "; expected a JSON object {\"inputs\": [[...], ...]} "
                    + "or {\"input\": [...]}");
        }
        int rows = -1;
        for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("inputs") || name.equals("input")) {
                if (rows >= 0) {
                    throw BadRequest.of("\"" + name + "\": the body gives \"inputs\" or \"input\" twice; expected "
                            + "one of them, once");
                }
                w.single = name.equals("input");
                rows = w.single ? single(p, v, width, w) : batch(p, v, width, maxBatch, w);
            } else {
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw BadRequest.of("the body goes on after its JSON object; expected one object");
        }
        if (rows < 0) {
            throw BadRequest.of("missing \"inputs\"; expected {\"inputs\": [[...], ...]} (a batch of rows of "
                    + width + " numbers) or {\"input\": [...]} (one row)");
        }
        return rows;
    }

    private static int single(JsonParser p, JsonToken v, int width, Worker w) throws BadRequest, IOException {
        if (v != JsonToken.START_ARRAY) {
            throw BadRequest.of("\"input\" is " + kind(v) + "; expected an array of " + width + " numbers");
        }
        row(p, -1, width, w.inputs(width));
        return 1;
    }

    private static int batch(JsonParser p, JsonToken v, int width, int maxBatch, Worker w)
            throws BadRequest, IOException {
        if (v != JsonToken.START_ARRAY) {
            throw BadRequest.of("\"inputs\" is " + kind(v) + "; expected an array of rows [[...], ...]");
        }
        int r = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (r == maxBatch) {
                throw BadRequest.of("\"inputs\" holds more than " + maxBatch + " rows; this server takes at most "
                        + maxBatch + " per request (--max-batch)");
            }
            if (t != JsonToken.START_ARRAY) {
                throw BadRequest.of(name(r) + " is " + kind(t) + "; expected an array of " + width + " numbers");
            }
            row(p, r, width, w.inputs((r + 1) * width));
            r++;
        }
        if (r == 0) {
            throw BadRequest.of("\"inputs\" is an empty batch; expected at least one row of " + width + " numbers");
        }
        return r;
    }

    /** Reads row r (−1: the single input) into x from r·width, the parser just past its '['. */
    private static void row(JsonParser p, int r, int width, float[] x) throws BadRequest, IOException {
        int base = Math.max(r, 0) * width;
        int j = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw BadRequest.of(name(r) + ", column " + j + ": " + kind(t) + "; expected a number");
            }
            if (j < width) {
                float v = p.getFloatValue();
                if (!Float.isFinite(v)) {
                    throw BadRequest.of(name(r) + ", column " + j + ": " + p.getText() + (p.isNaN()
                            ? " is not a finite number" : " is outside the float32 range (about ±3.4e38)")
                            + "; expected a finite number");
                }
                x[base + j] = v;
            }
            j++;
        }
        if (j != width) {
            throw BadRequest.of(name(r) + " has " + j + " values; expected " + width + ", the model's inputs");
        }
    }

    /**
     * @param r a row, −1 for the single input
     * @return how messages name it
     */
    static String name(int r) {
        return r < 0 ? "\"input\"" : "\"inputs\"[" + r + "]";
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "empty";
        }
        switch (t) {
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            case VALUE_STRING: return "a string";
            case VALUE_NULL: return "null";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            default: return "a number";
        }
    }
}
