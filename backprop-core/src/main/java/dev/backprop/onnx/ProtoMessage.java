package dev.backprop.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message to be written in the wire format: its fields in the order added, each a tag
 * (field number and wire type) and a value. The whole size is known before a byte is written, so a
 * message too large for protobuf's 2 GB limit is refused by arithmetic alone, and tensor data is
 * referenced, never copied, until the bytes are written.
 *
 * <p>Only what ONNX's messages need: varints (wire type 0: int64, int32 and enums, non-negative
 * here), fixed 32-bit floats (wire type 5) and length-delimited values (wire type 2: strings,
 * nested messages, raw little-endian float32 data).
 */
final class ProtoMessage {
    static final int VARINT = 0;
    static final int FIXED32 = 5;
    static final int LENGTH_DELIMITED = 2;

    /** One field: its tag's number and wire type, and how long its value is once written. */
    private sealed interface Field permits Varint, Fixed32, Bytes, Nested, Floats {
        int number();

        int wireType();

        /** @return the bytes after the tag, a length prefix included */
        long valueSize();
    }

    private record Varint(int number, long value) implements Field {
        public int wireType() {
            return VARINT;
        }

        public long valueSize() {
            return varintSize(value);
        }
    }

    private record Fixed32(int number, int bits) implements Field {
        public int wireType() {
            return FIXED32;
        }

        public long valueSize() {
            return 4;
        }
    }

    private record Bytes(int number, byte[] value) implements Field {
        public int wireType() {
            return LENGTH_DELIMITED;
        }

        public long valueSize() {
            return varintSize(value.length) + value.length;
        }
    }

    private record Nested(int number, ProtoMessage value) implements Field {
        public int wireType() {
            return LENGTH_DELIMITED;
        }

        public long valueSize() {
            long n = value.size();
            return varintSize(n) + n;
        }
    }

    /** {@code count} float32 values of {@code data} from {@code offset}, as raw little-endian bytes. */
    private record Floats(int number, float[] data, int offset, long count) implements Field {
        public int wireType() {
            return LENGTH_DELIMITED;
        }

        public long valueSize() {
            return varintSize(4 * count) + 4 * count;
        }
    }

    private final List<Field> fields = new ArrayList<>();
    private long size = -1;

    /**
     * @param number the field number
     * @param value a non-negative integer (int64, int32 or enum field)
     * @return this message
     */
    ProtoMessage varint(int number, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("field " + number + ": only non-negative varints are written, got " + value);
        }
        return add(new Varint(number, value));
    }

    /**
     * @param number the field number
     * @param value an int64 field's value, negative ones as their two's complement (10 bytes)
     * @return this message
     */
    ProtoMessage signedVarint(int number, long value) {
        return add(new Varint(number, value));
    }

    /**
     * @param number the field number
     * @param value a float field's value
     * @return this message
     */
    ProtoMessage float32(int number, float value) {
        return add(new Fixed32(number, Float.floatToRawIntBits(value)));
    }

    /**
     * @param number the field number
     * @param value a string field's value, written in UTF-8
     * @return this message
     */
    ProtoMessage string(int number, String value) {
        return add(new Bytes(number, value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param number the field number
     * @param value a nested message
     * @return this message
     */
    ProtoMessage message(int number, ProtoMessage value) {
        return add(new Nested(number, value));
    }

    /**
     * A bytes field holding float32 values as raw little-endian data (a tensor's {@code raw_data}).
     * Only the count is read until the message is written, so the size of a message can be known
     * for data that is not there.
     *
     * @param number the field number
     * @param data the values
     * @param offset where they start in {@code data}
     * @param count how many
     * @return this message
     */
    ProtoMessage rawFloats(int number, float[] data, int offset, long count) {
        return add(new Floats(number, data, offset, count));
    }

    private ProtoMessage add(Field f) {
        fields.add(f);
        size = -1;
        return this;
    }

    /** @return the bytes this message takes in the wire format (without a length prefix of its own) */
    long size() {
        if (size < 0) {
            long n = 0;
            for (Field f : fields) {
                n += varintSize(tag(f)) + f.valueSize();
            }
            size = n;
        }
        return size;
    }

    /**
     * @return the message in the wire format
     * @throws IllegalArgumentException if it is larger than a Java array holds (callers refuse
     *         messages past protobuf's limit, which is smaller, before asking)
     */
    byte[] toBytes() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a message of " + n + " bytes is too large to hold in memory");
        }
        ByteBuffer out = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
        write(out);
        return out.array();
    }

    private void write(ByteBuffer out) {
        for (Field f : fields) {
            putVarint(out, tag(f));
            if (f instanceof Varint v) {
                putVarint(out, v.value());
            } else if (f instanceof Fixed32 x) {
                out.putInt(x.bits());
            } else if (f instanceof Bytes b) {
                putVarint(out, b.value().length);
                out.put(b.value());
            } else if (f instanceof Nested m) {
                putVarint(out, m.value().size());
                m.value().write(out);
            } else if (f instanceof Floats fl) {
                putVarint(out, 4 * fl.count());
                for (int j = 0; j < fl.count(); j++) {
                    out.putFloat(fl.data()[fl.offset() + j]);
                }
            }
        }
    }

    private static long tag(Field f) {
        return ((long) f.number() << 3) | f.wireType();
    }

    /** @return the bytes of a value as a base-128 varint: 1 to 9 for a non-negative one, 10 for a negative one */
    static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static void putVarint(ByteBuffer out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }
}
