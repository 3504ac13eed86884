package dev.backprop.nn;

import dev.backprop.math.Rng;

import java.util.Locale;

/**
 * How a network's starting weights and biases are drawn. All initializers draw from a seeded
 * {@link Rng}, layer by layer, W row by row and then b, so the same seed gives the same weights.
 */
public interface Initializer {

    /**
     * Fills the parameter vector.
     *
     * @param layout where each layer's W and b are
     * @param params the flat parameter vector, written
     * @param rng the random source
     */
    void initialize(ParameterLayout layout, float[] params, Rng rng);

    /** @return the name used in model files and on the command line */
    String name();

    /**
     * Rumelhart, Hinton &amp; Williams (1986): "small random weights", uniform in [−r, r) for weights
     * and biases alike.
     *
     * @param r the half-width, &gt; 0 (0.5 is common)
     * @return the initializer
     */
    static Initializer rhwUniform(double r) {
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException("uniform half-width must be finite and > 0, got " + r);
        }
        return of("rhw_uniform(" + r + ")", (m, n, rng) -> (float) ((2 * rng.nextDouble() - 1) * r), true);
    }

    /** @return RHW small uniform weights in [−0.5, 0.5) */
    static Initializer rhwUniform() {
        return rhwUniform(0.5);
    }

    /** @return Nielsen's network.py: weights and biases drawn from N(0, 1) */
    static Initializer nielsen() {
        return of("nielsen", (m, n, rng) -> (float) rng.nextGaussian(), true);
    }

    /** @return Xavier/Glorot uniform: W ~ U(−√(6/(m+n)), √(6/(m+n))), b = 0, for m inputs and n units */
    static Initializer xavier() {
        return of("xavier", (m, n, rng) -> (float) ((2 * rng.nextDouble() - 1) * Math.sqrt(6.0 / (m + n))), false);
    }

    /** @return He (Kaiming) normal: W ~ N(0, 2/m), b = 0, for m inputs; made for ReLU layers */
    static Initializer he() {
        return of("he", (m, n, rng) -> (float) (rng.nextGaussian() * Math.sqrt(2.0 / m)), false);
    }

    /**
     * @param name {@code rhw_uniform}, {@code rhw_uniform(R)}, {@code nielsen}, {@code xavier} (or
     *             {@code glorot}), {@code he}
     * @return the initializer
     */
    static Initializer parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (s) {
            case "rhw_uniform": case "rhw": return rhwUniform();
            case "nielsen": return nielsen();
            case "xavier": case "glorot": return xavier();
            case "he": case "kaiming": return he();
            default:
                if (s.startsWith("rhw_uniform(") && s.endsWith(")")) {
                    String v = s.substring("rhw_uniform(".length(), s.length() - 1);
                    try {
                        return rhwUniform(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("initializer '" + name + "': '" + v + "' is not a number");
                    }
                }
                throw new IllegalArgumentException("unknown initializer '" + name
                        + "'; expected one of rhw_uniform, rhw_uniform(R), nielsen, xavier, he");
        }
    }

    /** One random weight for a layer with m inputs and n units. */
    @FunctionalInterface
    interface Draw {
        /**
         * @param m inputs of the layer
         * @param n units of the layer
         * @param rng the random source
         * @return one value
         */
        float next(int m, int n, Rng rng);
    }

    /**
     * @param name the name
     * @param draw draws one weight
     * @param randomBiases true to draw biases with {@code draw} too, false for zero biases
     * @return an initializer filling W (and maybe b) layer by layer
     */
    static Initializer of(String name, Draw draw, boolean randomBiases) {
        return new Initializer() {
            @Override
            public void initialize(ParameterLayout layout, float[] params, Rng rng) {
                for (int i = 0; i < layout.layers(); i++) {
                    int m = layout.inputs(i);
                    int n = layout.units(i);
                    int w = layout.weightOffset(i);
                    for (int j = 0; j < n * m; j++) {
                        params[w + j] = draw.next(m, n, rng);
                    }
                    int b = layout.biasOffset(i);
                    for (int d = 0; d < n; d++) {
                        params[b + d] = randomBiases ? draw.next(m, n, rng) : 0f;
                    }
                }
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
