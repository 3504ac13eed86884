package dev.backprop.cli.options;

import dev.backprop.cli.output.CliException;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.OptimizerSpec;
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
        try {
            return new OptimizerSpec(name, eta, momentum, momentumForm, beta1, beta2, rho, epsilon, weightDecay)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(OptimizerSpec.flagOf(e.getMessage()) + ": " + e.getMessage());
        }
    }

    /**
     * @param epochs the run's epochs (cosine decays over them)
     * @return the learning-rate schedule
     */
    public LearningRateSchedule schedule(int epochs) {
        return NetworkOptions.parse(() -> OptimizerSpec.schedule(schedule, epochs), "--schedule");
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
