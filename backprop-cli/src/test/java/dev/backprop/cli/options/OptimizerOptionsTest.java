package dev.backprop.cli.options;

import dev.backprop.cli.output.CliException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --momentum-form picks the momentum update. */
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
}
