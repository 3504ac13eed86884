package dev.backprop.spark.submit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link SparkTrain}, parsed by hand: picocli, which {@code backprop train}
 * uses, is a CLI library that this module's jar must not carry onto a cluster (it runs beside
 * the cluster's own jars), and the flags here are few and simple.
 *
 * <p>Every flag takes one value except the switches; a flag may be given once. Bad input throws
 * {@link BadFlag} with one line naming the flag and what was expected.
 */
final class Flags {
    /** A flag that is not right: the message is the line to print. */
    static final class BadFlag extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadFlag(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args the command line
     * @param valued the flags that take a value, with their aliases mapped to one name
     * @param switches the flags that take none, with their aliases mapped to one name
     * @param refused flags of {@code train} that do not apply here, each with the reason
     * @return the flags given
     * @throws BadFlag for an unknown, refused, repeated or valueless flag
     */
    static Flags parse(String[] args, Map<String, String> valued, Map<String, String> switches,
                       Map<String, String> refused) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (refused.containsKey(a)) {
                throw new BadFlag(a + " does not apply on Spark: " + refused.get(a));
            }
            String name = valued.get(a);
            if (name == null && !switches.containsKey(a)) {
                throw new BadFlag("unknown flag '" + a + "'" + (a.startsWith("-") ? "" : " (flags start with --)"));
            }
            if (name == null) {
                if (inline != null) {
                    throw new BadFlag(a + " takes no value, got '" + inline + "'");
                }
                name = switches.get(a);
                inline = "true";
            } else if (inline == null) {
                if (i + 1 == args.length || args[i + 1].startsWith("--")) {
                    throw new BadFlag(a + " needs a value");
                }
                inline = args[++i];
            }
            if (v.put(name, inline) != null) {
                throw new BadFlag(a + " is given twice");
            }
        }
        return new Flags(v);
    }

    /** @param flag a flag @return whether it was given */
    boolean has(String flag) {
        return values.containsKey(flag);
    }

    /** @param flag a flag @param otherwise its default @return its value, or the default */
    String text(String flag, String otherwise) {
        return values.getOrDefault(flag, otherwise);
    }

    /** @param flag a flag @param otherwise its default @return its whole-number value */
    int integer(String flag, int otherwise) {
        return (int) number(flag, otherwise, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** @param flag a flag @param otherwise its default @return its whole-number value */
    long longValue(String flag, long otherwise) {
        return number(flag, otherwise, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long number(String flag, long otherwise, long min, long max) {
        String s = values.get(flag);
        if (s == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(s.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadFlag(flag + " '" + s + "': expected a whole number");
        }
    }

    /** @param flag a flag @return its number, or null when not given */
    Float decimal(String flag) {
        String s = values.get(flag);
        if (s == null) {
            return null;
        }
        try {
            return Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw new BadFlag(flag + " '" + s + "': expected a number");
        }
    }

    /** @param flag a flag @param otherwise its default @return its number, or the default */
    float decimal(String flag, float otherwise) {
        Float f = decimal(flag);
        return f == null ? otherwise : f;
    }

    /** @param flag a flag with comma-separated values @return the values, or null when not given */
    List<String> list(String flag) {
        String s = values.get(flag);
        return s == null ? null : List.of(s.split(",", -1));
    }

    /** @param flag a comma-separated list of whole numbers @return them, or null when not given */
    int[] integers(String flag) {
        List<String> parts = list(flag);
        if (parts == null) {
            return null;
        }
        int[] v = new int[parts.size()];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Integer.parseInt(parts.get(i).trim());
            } catch (NumberFormatException e) {
                throw new BadFlag(flag + " '" + values.get(flag) + "': '" + parts.get(i) + "' is not a whole number; "
                        + "expected comma-separated unit counts such as 784,30,10");
            }
        }
        return v;
    }
}
