package dev.backprop;

import dev.backprop.math.Rng;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The random source of one property-test case, drawn with the library's own {@link Rng} from one
 * {@code long} seed, so that the seed alone reproduces the case on any JVM.
 *
 * <p>A property test is a {@code @ParameterizedTest(name = Generator.CASE)} whose
 * {@code @MethodSource} returns {@link #cases}: a record per case whose {@code toString()} starts
 * with {@code seed=} and its seed, then the case's parameters, so that the display name shows both.
 * The class carries {@code @ExtendWith(Generator.ReportsSeed.class)}, which puts the case and the
 * command that reruns it alone into the failure's message.
 *
 * <p>A case's parameters come from {@link #between}, {@link #oneOf} and {@link #bool}, which favour
 * the bounds, as edge cases find most bugs (an edge tile, an empty dimension, the longest row):
 * <ul>
 * <li>the seed {@link #LOWEST} puts every parameter at its lower bound (the first value of a
 *     list, {@code false}) and {@link #HIGHEST} at its upper bound; each property's first two cases
 *     are these two;</li>
 * <li>of the other cases one in four is a corner case, in which each parameter is at a bound with
 *     probability 3/4; in the rest, with probability 1/8.</li>
 * </ul>
 * The {@code next*} methods draw data (matrix entries, text) uniformly, whatever the seed.
 *
 * <p>{@code -Dbackprop.test.seed=N} makes every property run only its case of seed N;
 * {@code -Dbackprop.test.base=B} draws other seeds than the default ones, for a longer search.
 */
public final class Generator {
    /** The name of a parameterized property's invocations: its index, then its case. */
    public static final String CASE = "[{index}] {0}";
    /** The system property that reruns one case: its value is the case's seed. */
    public static final String SEED_PROPERTY = "backprop.test.seed";
    /** The system property that chooses the other seeds of every property. */
    public static final String BASE_PROPERTY = "backprop.test.base";
    /** The seed of the case that puts every parameter at its lower bound. */
    public static final long LOWEST = 0;
    /** The seed of the case that puts every parameter at its upper bound. */
    public static final long HIGHEST = 1;

    private static final long DEFAULT_BASE = 0x6261636b70726f70L;   // "backprop" in ASCII
    private static final Pattern SEED = Pattern.compile("seed=(-?[0-9]+)");

    private final long seed;
    private final Rng rng;
    /** Out of 8: how often a parameter is at a bound; 0 and 9 mean always lower, always upper. */
    private final int edges;

    /**
     * @param seed the case's seed; {@link #LOWEST} and {@link #HIGHEST} are the all-bounds cases
     */
    public Generator(long seed) {
        this.seed = seed;
        this.rng = new Rng(seed);
        this.edges = seed == LOWEST ? 0 : seed == HIGHEST ? 9 : rng.nextInt(4) == 0 ? 6 : 1;
    }

    /**
     * The cases of one property: {@code tries} seeds, the first two {@link #LOWEST} and
     * {@link #HIGHEST}, the rest drawn from the base seed and the property's name; or only the
     * seed given by {@code -Dbackprop.test.seed}.
     *
     * @param property the property's name, which makes its seeds differ from other properties'
     * @param tries how many cases, at least 2
     * @param draw draws a case from its generator
     * @param <T> the case type
     * @return the cases, in seed order
     */
    public static <T> Stream<T> cases(String property, int tries, Function<Generator, T> draw) {
        return seeds(property, tries).mapToObj(s -> draw.apply(new Generator(s)));
    }

    static LongStream seeds(String property, int tries) {
        String only = System.getProperty(SEED_PROPERTY, "").strip();
        if (!only.isEmpty()) {
            return LongStream.of(parse(SEED_PROPERTY, only));
        }
        String base = System.getProperty(BASE_PROPERTY, "").strip();
        Rng seeds = new Rng((base.isEmpty() ? DEFAULT_BASE : parse(BASE_PROPERTY, base)) + property.hashCode());
        return LongStream.concat(LongStream.of(LOWEST, HIGHEST), LongStream.generate(seeds::nextLong).limit(tries - 2));
    }

    private static long parse(String property, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + "=" + value
                    + ": expected a seed as a failing case prints it, a decimal long");
        }
    }

    /** @return this case's seed */
    public long seed() {
        return seed;
    }

    /** @return whether the next parameter is at a bound ({@link #low} then says which) */
    private boolean atBound() {
        return edges == 0 || edges == 9 || rng.nextInt(8) < edges;
    }

    /** @return whether a parameter at a bound is at its lower one */
    private boolean low() {
        return edges == 0 || edges != 9 && rng.nextInt(2) == 0;
    }

    /**
     * A case parameter in {@code [min, max]}: at a bound (min, min + 1, max − 1 or max) as the
     * class comment says, uniform otherwise.
     *
     * @param min the lower bound
     * @param max the upper bound, at least {@code min}
     * @return the parameter
     */
    public int between(int min, int max) {
        if (atBound()) {
            boolean next = edges != 0 && edges != 9 && rng.nextInt(2) == 0;
            return low() ? Math.min(max, min + (next ? 1 : 0)) : Math.max(min, max - (next ? 1 : 0));
        }
        return min + rng.nextInt(max - min + 1);
    }

    /**
     * A case parameter from a list in ascending order: its first or last value as the class comment
     * says, uniform otherwise.
     *
     * @param values the choices, smallest first
     * @return one of them
     */
    public int oneOf(int... values) {
        if (atBound()) {
            return low() ? values[0] : values[values.length - 1];
        }
        return values[rng.nextInt(values.length)];
    }

    /** @return a case parameter: false for {@link #LOWEST}, true for {@link #HIGHEST}, else either */
    public boolean bool() {
        return edges == 0 ? false : edges == 9 || rng.nextInt(2) == 0;
    }

    /** @return 64 random bits, for data or for a data seed */
    public long nextLong() {
        return rng.nextLong();
    }

    /** @return 32 random bits */
    public int nextBits() {
        return (int) (rng.nextLong() >>> 32);
    }

    /** @return true or false, each half the time, whatever the seed */
    public boolean nextBoolean() {
        return rng.nextInt(2) == 0;
    }

    /**
     * @param bound exclusive upper bound, &gt; 0
     * @return uniform in [0, bound)
     */
    public int nextInt(int bound) {
        return rng.nextInt(bound);
    }

    /**
     * @param origin inclusive lower bound
     * @param bound exclusive upper bound, &gt; origin
     * @return uniform in [origin, bound)
     */
    public int nextInt(int origin, int bound) {
        return origin + rng.nextInt(bound - origin);
    }

    /**
     * @param origin inclusive lower bound
     * @param bound exclusive upper bound, &gt; origin
     * @return uniform in [origin, bound)
     */
    public double nextDouble(double origin, double bound) {
        double r = origin + (bound - origin) * rng.nextDouble();
        return r < bound ? r : Math.nextDown(bound);
    }

    /**
     * Puts a failing case's display name (its seed and parameters) and the command that reruns it
     * alone into the failure's message, so that a CI log is enough to reproduce it.
     */
    public static final class ReportsSeed implements TestExecutionExceptionHandler {
        /** Made by JUnit from {@code @ExtendWith}. */
        public ReportsSeed() {
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String name = context.getDisplayName();
            Matcher m = SEED.matcher(name);
            if (!m.find()) {
                throw failure;
            }
            String test = context.getRequiredTestClass().getSimpleName() + "#"
                    + context.getRequiredTestMethod().getName();
            throw new AssertionError("case " + name + " failed (rerun it alone: mvn -o test -pl backprop-core"
                    + " -Dfuzz.skip=true -Dtest='" + test + "' -D" + SEED_PROPERTY + "=" + m.group(1) + "): "
                    + failure, failure);
        }
    }
}
