package dev.backprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Optimizers and schedules by name, with train's documented defaults. */
class OptimizerSpecTest {
    @Test
    void namesBuildTheirOptimizersWithTrainsDefaults() {
        assertEquals(new GradientDescent(0.1f).describe(), OptimizerSpec.of("sgd", null).build().describe());
        assertEquals(new GradientDescent(0.1f).describe(), OptimizerSpec.of("GD", null).build().describe());
        assertEquals(new Momentum(0.1f, 0.9f).describe(), OptimizerSpec.of("momentum", null).build().describe());
        assertEquals(new Nesterov(0.1f, 0.9f).describe(), OptimizerSpec.of("nesterov", null).build().describe());
        assertEquals(new AdaGrad(0.01f, 1e-7f, 0).describe(), OptimizerSpec.of("adagrad", null).build().describe());
        assertEquals(new RmsProp(0.01f, 0.9f, 1e-7f, 0).describe(), OptimizerSpec.of("rmsprop", null).build()
                .describe());
        assertEquals(new Adam(0.001f).describe(), OptimizerSpec.of("adam", null).build().describe());
        assertEquals(new Adam(0.05f).describe(), OptimizerSpec.of("Adam", 0.05f).build().describe());
        OptimizerSpec pytorch = new OptimizerSpec("momentum", 0.2f, 0.5f, "PyTorch", 0.9f, 0.999f, 0.9f, null, 0.01f);
        assertEquals(new Momentum(0.2f, 0.5f, 0.01f, Momentum.Form.PYTORCH).describe(), pytorch.build().describe());
    }

    @Test
    void refusalsNameTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.of("adamw", null).build());
        assertEquals("unknown optimizer 'adamw'; expected sgd, momentum, nesterov, adagrad, rmsprop or adam",
                e.getMessage());
        assertEquals("--optimizer", OptimizerSpec.flagOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec("momentum", null, 0.9f, "keras",
                0.9f, 0.999f, 0.9f, null, 0).build());
        assertEquals("--momentum-form", OptimizerSpec.flagOf(e.getMessage()));
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("adam", -1f).build());
        assertEquals("--learning-rate", OptimizerSpec.flagOf(e.getMessage()), e.getMessage());
    }

    @Test
    void schedulesParseAndBadOnesSayWhatIsExpected() {
        assertEquals(0.25, OptimizerSpec.schedule("step:2:0.5", 10).rate(1.0, 4), 0);
        assertEquals(1.0, OptimizerSpec.schedule("CONSTANT", 10).rate(1.0, 7), 0);
        assertEquals(LearningRateSchedule.cosine(4, 0).rate(1.0, 3), OptimizerSpec.schedule("cosine", 4)
                .rate(1.0, 3), 0);
        assertEquals(LearningRateSchedule.cosine(4, 0.1).rate(1.0, 3), OptimizerSpec.schedule("cosine:0.1", 4)
                .rate(1.0, 3), 0);
        assertEquals(LearningRateSchedule.exponential(0.5).rate(1.0, 3), OptimizerSpec.schedule("exponential:0.5", 4)
                .rate(1.0, 3), 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.schedule("step:x:0.5", 3))
                .getMessage().startsWith("'step:x:0.5' holds a bad number"));
        assertEquals("'linear': expected constant, step:EVERY:GAMMA, exponential:GAMMA, cosine or cosine:MIN",
                assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.schedule("linear", 3)).getMessage());
    }
}
