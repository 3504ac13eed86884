package dev.backprop.spark;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import scala.Function1;

import java.util.List;

/**
 * The checks of the network stages' params that Spark's {@code ParamValidators} cannot express:
 * each is a {@link Function1} that a param runs at {@code set} (and {@code setDefault}), so a bad
 * value fails there with Spark's own message. The names are those the core's parsers accept, so
 * that the stage and {@code backprop train} take the same words.
 */
final class Validators {
    private Validators() {
    }

    /** @return at least inputs and outputs, each layer with at least one unit */
    static Function1<int[], Object> layers() {
        return v -> {
            if (v == null || v.length < 2) {
                return false;
            }
            for (int n : v) {
                if (n < 1) {
                    return false;
                }
            }
            return true;
        };
    }

    /** @return a name {@link Activation#parse} reads, other than softmax, which is for the output only */
    static Function1<String, Object> hiddenActivation() {
        return v -> {
            try {
                return v != null && !(Activation.parse(v) instanceof Activation.Softmax);
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }

    /** @return a name {@link NetworkEstimator#optimizer} builds an optimizer for */
    static Function1<String, Object> solver() {
        return v -> {
            try {
                return v != null && NetworkEstimator.optimizer(v, 1f) != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }

    /**
     * @param allowed the losses the stage trains with, by {@link Loss#name()}
     * @return a name {@link Loss#parse} reads (an alias too) of one of those losses
     */
    static Function1<String, Object> loss(List<String> allowed) {
        return v -> {
            try {
                return v != null && allowed.contains(Loss.parse(v).name());
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }
}
