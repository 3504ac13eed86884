package dev.backprop.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one protobuf message in the wire format, field by field: {@link #next()} moves to the next
 * field, whose number and wire type are then {@link #number()} and {@link #wireType()}, and one of
 * the value methods reads its value (or {@link #skip()} passes over it). Every length is checked
 * against the message's end, so bytes that are cut short or malformed give an
 * {@link IllegalArgumentException} naming the byte offset, never an array index error. Wire types
 * 1 (fixed 64-bit) and 5 (fixed 32-bit) are skipped or read; groups (3, 4) are refused, as ONNX
 * has none.
 */
final class ProtoReader {
    private final byte[] bytes;
    private final int end;
    private int pos;
    private long tag;

    /**
     * @param bytes the bytes
     * @param from where the message starts
     * @param end where it ends, exclusive
     */
    ProtoReader(byte[] bytes, int from, int end) {
        this.bytes = bytes;
        this.pos = from;
        this.end = end;
    }

    /** @return whether there is another field; if so its tag has been read */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        int at = pos;
        tag = readVarint();
        if ((tag >>> 3) == 0 || (tag >>> 3) > Integer.MAX_VALUE) {
            throw fail(at, "a field number from 1, found tag " + tag);
        }
        return true;
    }

    /** @return the current field's number */
    int number() {
        return (int) (tag >>> 3);
    }

    /** @return the current field's wire type */
    int wireType() {
        return (int) (tag & 7);
    }

    /** @return the current field's varint value */
    long varint() {
        expect(ProtoMessage.VARINT);
        return readVarint();
    }

    /** @return the current field's fixed 32-bit value read as a float */
    float float32() {
        expect(ProtoMessage.FIXED32);
        need(4);
        float f = ByteBuffer.wrap(bytes, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        pos += 4;
        return f;
    }

    /** @return the current length-delimited field's value as a UTF-8 string */
    String string() {
        int n = length();
        String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** @return a reader of the current length-delimited field's value, a nested message */
    ProtoReader message() {
        int n = length();
        ProtoReader r = new ProtoReader(bytes, pos, pos + n);
        pos += n;
        return r;
    }

    /**
     * @return the current length-delimited field's value as little-endian float32 values
     * @throws IllegalArgumentException if its length is not a multiple of 4
     */
    float[] rawFloats() {
        int at = pos;
        int n = length();
        if (n % 4 != 0) {
            throw fail(at, "raw float32 data of a multiple of 4 bytes, found " + n);
        }
        float[] v = new float[n / 4];
        ByteBuffer.wrap(bytes, pos, n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        pos += n;
        return v;
    }

    /** Passes over the current field's value. */
    void skip() {
        switch (wireType()) {
            case ProtoMessage.VARINT -> readVarint();
            case 1 -> {
                need(8);
                pos += 8;
            }
            case ProtoMessage.LENGTH_DELIMITED -> {
                int n = length();  // read first: the length's own bytes move pos
                pos += n;
            }
            case ProtoMessage.FIXED32 -> {
                need(4);
                pos += 4;
            }
            default -> throw fail(pos, "wire type 0, 1, 2 or 5, found " + wireType() + " in field " + number());
        }
    }

    private void expect(int wireType) {
        if (wireType() != wireType) {
            throw fail(pos, "wire type " + wireType + " for field " + number() + ", found " + wireType());
        }
    }

    private int length() {
        expect(ProtoMessage.LENGTH_DELIMITED);
        int at = pos;
        long n = readVarint();
        if (n > end - pos) {
            throw fail(at, "a length within the message's remaining " + (end - pos) + " bytes, found " + n);
        }
        return (int) n;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw fail(pos, n + " more bytes, found " + (end - pos));
        }
    }

    private long readVarint() {
        int at = pos;
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = bytes[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw fail(at, "a varint of at most 10 bytes");
    }

    private static IllegalArgumentException fail(int at, String expected) {
        return new IllegalArgumentException("ONNX bytes, offset " + at + ": expected " + expected);
    }
}
