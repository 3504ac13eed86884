package dev.backprop.cli.serve;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read with a cap: the parser reads through it, so a body over the limit is
 * refused when its first byte too many arrives, never after it has all been read.
 */
final class CappedInput extends FilterInputStream {
    /** Thrown by a read past the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("the body is over --max-body-bytes " + cap + " bytes");
        }
    }

    private final long cap;
    private long count;

    /**
     * @param in the body
     * @param cap the most bytes it may hold
     */
    CappedInput(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // one byte past the cap is enough to know the body is too large
        int n = in.read(b, off, (int) Math.min(len, Math.max(1, cap - count + 1)));
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) throws TooLarge {
        count += n;
        if (count > cap) {
            throw new TooLarge(cap);
        }
    }
}
