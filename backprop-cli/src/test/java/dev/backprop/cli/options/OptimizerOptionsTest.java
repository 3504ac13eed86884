package dev.backprop.cli.options;

import dev.backprop.cli.output.CliException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --momentum-form picks the momentum update; a refused hyper-parameter is named by its own flag. */
class OptimizerOptionsTest {

    private static OptimizerOptions momentum(String form) {
        OptimizerOptions o = new OptimizerOptions();
        o.name = "momentum";
        o.eta = 0.1f;
        if (form != null) {
            o.momentumForm = form;
        }
        return o;
    }

    @Test
    void theFormOfMomentumIsAFlag() {
        assertEquals("momentum(eta=0.1, alpha=0.9)", momentum(null).build().describe());
        assertEquals("momentum(eta=0.1, alpha=0.9)", momentum("rhw").build().describe());
        assertEquals("momentum(eta=0.1, mu=0.9, form=pytorch)", momentum("PyTorch").build().describe());
        CliException e = assertThrows(CliException.class, () -> momentum("keras").build());
        assertEquals("--momentum-form: unknown momentum form 'keras'; expected rhw or pytorch", e.getMessage());
    }

    @Test
    void aRefusedValueNamesItsOwnFlag() {
        OptimizerOptions o = momentum(null);
        o.eta = Float.NaN;
        assertEquals("--learning-rate: learning rate must be finite and > 0, got NaN",
                assertThrows(CliException.class, o::build).getMessage());
        o = momentum(null);
        o.momentum = 1.5f;
        assertEquals("--momentum", assertThrows(CliException.class, o::build).getMessage().split(":")[0]);
        o = momentum(null);
        o.name = "adam";
        o.beta2 = -1f;
        assertEquals("--beta2", assertThrows(CliException.class, o::build).getMessage().split(":")[0]);
        o = momentum(null);
        o.weightDecay = -1f;
        assertEquals("--weight-decay", assertThrows(CliException.class, o::build).getMessage().split(":")[0]);
        o = momentum(null);
        o.name = "lbfgs";
        assertEquals("--optimizer", assertThrows(CliException.class, o::build).getMessage().split(":")[0]);
    }
}
