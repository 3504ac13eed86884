package dev.backprop.optim;

import java.util.Locale;

/**
 * An optimizer named as a user names it ({@code sgd}, {@code momentum}, {@code nesterov},
 * {@code adagrad}, {@code rmsprop}, {@code adam}) with its hyper-parameters, each defaulted as
 * {@code backprop train} documents them, and the learning-rate schedules by their text
 * ({@code constant}, {@code step:EVERY:GAMMA}, {@code exponential:GAMMA}, {@code cosine[:MIN]}):
 * the one place that turns those names into objects, for the command line and Spark's params.
 *
 * @param name the optimizer's name, any case; {@code gd} is {@code sgd}
 * @param eta the learning rate, or null for the optimizer's default ({@link #rate()})
 * @param momentum α of momentum and μ of nesterov
 * @param momentumForm {@code rhw} or {@code pytorch} (momentum only)
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param rho RMSProp's decay
 * @param epsilon ε of Adam, RMSProp and AdaGrad, or null for the default ({@code 1e-8} for Adam,
 *     {@code 1e-7} for the others)
 * @param weightDecay L2 weight decay on W
 */
public record OptimizerSpec(String name, Float eta, float momentum, String momentumForm, float beta1, float beta2,
                            float rho, Float epsilon, float weightDecay) {
    /** The schedule when none is given. */
    public static final String CONSTANT = "constant";

    /**
     * @param name the optimizer's name
     * @param eta the learning rate, or null for the default
     * @return the optimizer with every other setting at its default
     */
    public static OptimizerSpec of(String name, Float eta) {
        return new OptimizerSpec(name, eta, 0.9f, "rhw", 0.9f, 0.999f, 0.9f, null, 0f);
    }

    /** @return the learning rate: as given, else 0.001 for adam, 0.01 for adagrad and rmsprop, 0.1 for the rest */
    public float rate() {
        String n = name.toLowerCase(Locale.ROOT);
        return eta != null ? eta : n.equals("adam") ? 0.001f : n.equals("adagrad") || n.equals("rmsprop")
                ? 0.01f : 0.1f;
    }

    /**
     * @return the optimizer
     * @throws IllegalArgumentException for an unknown name or momentum form (the message starts
     *     with {@code unknown optimizer} or {@code unknown momentum form}) or a setting the
     *     optimizer refuses (its message names the setting)
     */
    public Optimizer build() {
        float r = rate();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd": case "gd": return new GradientDescent(r, weightDecay);
            case "momentum": return new Momentum(r, momentum, weightDecay, momentumForm(momentumForm));
            case "nesterov": return new Nesterov(r, momentum, weightDecay);
            case "adagrad": return new AdaGrad(r, epsilon != null ? epsilon : 1e-7f, weightDecay);
            case "rmsprop": return new RmsProp(r, rho, epsilon != null ? epsilon : 1e-7f, weightDecay);
            case "adam": return new Adam(r, beta1, beta2, epsilon != null ? epsilon : 1e-8f, weightDecay);
            default: throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; expected sgd, momentum, nesterov, adagrad, rmsprop or adam");
        }
    }

    /**
     * The flag of {@code backprop train} (and of Spark's {@code SparkTrain}, which takes the same)
     * that gives the setting a message of {@link #build()} refuses.
     *
     * @param message the message of {@link #build()}'s exception
     * @return the flag, {@code --optimizer} when no setting is named
     */
    public static String flagOf(String message) {
        for (String[] p : new String[][] {{"unknown momentum form", "--momentum-form"},
                {"learning rate", "--learning-rate"}, {"weight decay", "--weight-decay"},
                {"momentum", "--momentum"}, {"beta1", "--beta1"}, {"beta2", "--beta2"}, {"rho", "--rho"},
                {"epsilon", "--epsilon"}}) {
            if (message.startsWith(p[0])) {
                return p[1];
            }
        }
        return "--optimizer";
    }

    /**
     * @param form {@code rhw} or {@code pytorch}, any case
     * @return the momentum form
     * @throws IllegalArgumentException for any other text
     */
    public static Momentum.Form momentumForm(String form) {
        switch (form.toLowerCase(Locale.ROOT)) {
            case "rhw": return Momentum.Form.RHW;
            case "pytorch": return Momentum.Form.PYTORCH;
            default: throw new IllegalArgumentException("unknown momentum form '" + form
                    + "'; expected rhw or pytorch");
        }
    }

    /**
     * @param spec {@code constant}, {@code step:EVERY:GAMMA}, {@code exponential:GAMMA},
     *     {@code cosine} or {@code cosine:MIN}, any case
     * @param epochs the run's epochs (cosine decays over them)
     * @return the learning-rate schedule
     * @throws IllegalArgumentException for other text or a bad number, naming the spec
     */
    public static LearningRateSchedule schedule(String spec, int epochs) {
        String[] p = spec.toLowerCase(Locale.ROOT).split(":", -1);
        try {
            switch (p[0]) {
                case CONSTANT:
                    if (p.length == 1) {
                        return LearningRateSchedule.constant();
                    }
                    break;
                case "step":
                    if (p.length == 3) {
                        return LearningRateSchedule.step(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
                    }
                    break;
                case "exponential":
                    if (p.length == 2) {
                        return LearningRateSchedule.exponential(Double.parseDouble(p[1]));
                    }
                    break;
                case "cosine":
                    if (p.length <= 2) {
                        return LearningRateSchedule.cosine(Math.max(1, epochs), p.length == 2 ? Double.parseDouble(p[1])
                                : 0);
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "' holds a bad number (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException("'" + spec + "': expected constant, step:EVERY:GAMMA, "
                + "exponential:GAMMA, cosine or cosine:MIN");
    }
}
