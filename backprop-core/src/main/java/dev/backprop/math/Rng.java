package dev.backprop.math;

/**
 * A small seeded random number generator (SplitMix64) whose whole state is one {@code long}, so
 * that it can be saved and restored, and whose output is the same on every JVM: the same seed
 * gives the same numbers everywhere. Gaussians use the Box–Muller transform with
 * {@link StrictMath}, which is bit-reproducible across platforms.
 *
 * <p>Not thread-safe; not for cryptography.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    /**
     * @param seed any value; equal seeds give equal sequences
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /** @return the whole state, for {@link #setState(long)} */
    public long state() {
        return state;
    }

    /**
     * @param state a value from {@link #state()}
     */
    public void setState(long state) {
        this.state = state;
    }

    /** @return 64 random bits */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** @return uniform in [0, 1), 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param bound exclusive upper bound, &gt; 0
     * @return uniform in [0, bound), without modulo bias
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long r = nextLong() >>> 32;
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }

    /** @return a standard normal deviate, N(0, 1) */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /**
     * Shuffles {@code a[0..n)} in place (Fisher–Yates).
     *
     * @param a the array
     * @param n how many leading elements to shuffle
     */
    public void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
