package dev.backprop.cli.options;

import dev.backprop.cli.output.CliException;
import dev.backprop.optim.AdaGrad;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Momentum;
import dev.backprop.optim.Nesterov;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.RmsProp;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The optimizer and its settings, for {@code train}. */
public final class OptimizerOptions {
    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd (the seed's w ← w − η ∂E/∂w), momentum "
            + "(Rumelhart, Hinton & Williams), nesterov, adagrad, rmsprop, adam. Default: ${DEFAULT-VALUE}.")
    String name = "sgd";

    @Option(names = {"--eta", "--learning-rate"}, paramLabel = "η", description = "Learning rate. Default: 0.001 "
            + "for adam, 0.01 for adagrad and rmsprop, else 0.1.")
    Float eta;

    @Option(names = "--momentum", paramLabel = "α", description = "Momentum of momentum and nesterov. Default: "
            + "${DEFAULT-VALUE}.")
    float momentum = 0.9f;

    @Option(names = "--momentum-form", paramLabel = "FORM", description = "rhw (Δw ← −η g + α Δw, the default) or "
            + "pytorch (v ← μ v + g, w ← w − η v, as torch.optim.SGD); the same at a fixed η, not under a schedule.")
    String momentumForm = "rhw";

    @Option(names = "--beta1", paramLabel = "β1", description = "Adam's first-moment decay. Default: "
            + "${DEFAULT-VALUE}.")
    float beta1 = 0.9f;

    @Option(names = "--beta2", paramLabel = "β2", description = "Adam's second-moment decay. Default: "
            + "${DEFAULT-VALUE}.")
    float beta2 = 0.999f;

    @Option(names = "--rho", paramLabel = "ρ", description = "RMSProp's decay. Default: ${DEFAULT-VALUE}.")
    float rho = 0.9f;

    @Option(names = "--epsilon", paramLabel = "ε", description = "Adam, RMSProp and AdaGrad's ε. Default: "
            + "1e-8 (Adam), 1e-7 (RMSProp, AdaGrad).")
    Float epsilon;

    @Option(names = "--weight-decay", paramLabel = "λ", description = "L2 weight decay on W (not b). Default: 0.")
    float weightDecay;

    @Option(names = "--schedule", paramLabel = "SPEC", description = "Learning-rate schedule per epoch: constant, "
            + "step:EVERY:GAMMA, exponential:GAMMA, cosine or cosine:MIN. Default: ${DEFAULT-VALUE}.")
    String schedule = "constant";

    /** @return the optimizer */
    public Optimizer build() {
        String n = name.toLowerCase(Locale.ROOT);
        float rate = eta != null ? eta : n.equals("adam") ? 0.001f : n.equals("adagrad") || n.equals("rmsprop")
                ? 0.01f : 0.1f;
        try {
            return optimizer(n, rate);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(flagOf(e.getMessage()) + ": " + e.getMessage());
        }
    }

    /** The flag whose value a core optimizer refused, from the name its message starts with. */
    private static String flagOf(String message) {
        for (String[] p : new String[][] {{"learning rate", "--learning-rate"}, {"weight decay", "--weight-decay"},
                {"momentum", "--momentum"}, {"beta1", "--beta1"}, {"beta2", "--beta2"}, {"rho", "--rho"},
                {"epsilon", "--epsilon"}}) {
            if (message.startsWith(p[0])) {
                return p[1];
            }
        }
        return "--optimizer";
    }

    private Optimizer optimizer(String n, float rate) {
        switch (n) {
            case "sgd": case "gd": return new GradientDescent(rate, weightDecay);
            case "momentum": return new Momentum(rate, momentum, weightDecay, momentumForm());
            case "nesterov": return new Nesterov(rate, momentum, weightDecay);
            case "adagrad": return new AdaGrad(rate, epsilon != null ? epsilon : 1e-7f, weightDecay);
            case "rmsprop": return new RmsProp(rate, rho, epsilon != null ? epsilon : 1e-7f, weightDecay);
            case "adam": return new Adam(rate, beta1, beta2, epsilon != null ? epsilon : 1e-8f, weightDecay);
            default: throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; expected sgd, momentum, nesterov, adagrad, rmsprop or adam");
        }
    }

    private Momentum.Form momentumForm() {
        return NetworkOptions.parse(() -> {
            switch (momentumForm.toLowerCase(Locale.ROOT)) {
                case "rhw": return Momentum.Form.RHW;
                case "pytorch": return Momentum.Form.PYTORCH;
                default: throw new IllegalArgumentException("unknown momentum form '" + momentumForm
                        + "'; expected rhw or pytorch");
            }
        }, "--momentum-form");
    }

    /**
     * @param epochs the run's epochs (cosine decays over them)
     * @return the learning-rate schedule
     */
    public LearningRateSchedule schedule(int epochs) {
        String[] p = schedule.toLowerCase(Locale.ROOT).split(":", -1);
        return NetworkOptions.parse(() -> {
            try {
                switch (p[0]) {
                    case "constant":
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
                            return LearningRateSchedule.cosine(Math.max(1, epochs),
                                    p.length == 2 ? Double.parseDouble(p[1]) : 0);
                        }
                        break;
                    default:
                        break;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + schedule + "' holds a bad number (" + e.getMessage() + ")");
            }
            throw new IllegalArgumentException("'" + schedule + "': expected constant, step:EVERY:GAMMA, "
                    + "exponential:GAMMA, cosine or cosine:MIN");
        }, "--schedule");
    }

    /** @return the --schedule given or defaulted, as given */
    public String scheduleName() {
        return schedule;
    }

    /**
     * Adds the settings that define the optimizer to a model file's training settings.
     *
     * @param s the settings
     */
    public void describeInto(Map<String, String> s) {
        s.put("schedule", schedule);
        if (weightDecay != 0) {
            s.put("weight_decay", Float.toString(weightDecay));
        }
    }
}
