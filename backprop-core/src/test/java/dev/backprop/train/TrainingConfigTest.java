package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Optimizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A configuration holds no run's state: each run gets its own optimizer from the factory. */
class TrainingConfigTest {

    private static TrainingConfig.Builder builder(Optimizer adam) {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), adam).batchSize(7).epochs(3).seed(2);
    }

    @Test
    void twoRunsFromOneConfigGiveTheBitsOfTwoRunsFromTwoConfigs() {
        Dataset data = TrainerTest.small();
        Adam settings = new Adam(0.02f);
        TrainingConfig one = builder(settings).build();
        Network a1 = TrainerTest.net(1);
        Network a2 = TrainerTest.net(1);
        new Trainer(one).fit(a1, data);
        new Trainer(one).fit(a2, data);
        Network b1 = TrainerTest.net(1);
        Network b2 = TrainerTest.net(1);
        new Trainer(builder(new Adam(0.02f)).build()).fit(b1, data);
        new Trainer(builder(new Adam(0.02f)).build()).fit(b2, data);
        assertArrayEquals(b1.parameters(), a1.parameters(), "first run");
        assertArrayEquals(b2.parameters(), a2.parameters(), "second run");
        assertArrayEquals(a1.parameters(), a2.parameters(), "the second run starts from fresh optimizer state");
        assertEquals(0, settings.steps(), "the optimizer given to the builder is never stepped");
    }

    @Test
    void twoSessionsOfOneConfigSteppedInTurnDoNotShareState() {
        Dataset data = TrainerTest.small();
        TrainingConfig config = builder(new Adam(0.02f)).build();
        Network a = TrainerTest.net(3);
        Network b = TrainerTest.net(3);
        TrainingSession sa = new Trainer(config).session(a, data);
        TrainingSession sb = new Trainer(config).session(b, data);
        sa.beginEpoch();
        sb.beginEpoch();
        while (sa.step()) {
            sb.step();
        }
        Network alone = TrainerTest.net(3);
        TrainingSession s = new Trainer(builder(new Adam(0.02f)).build()).session(alone, data);
        s.beginEpoch();
        while (s.step()) {
            // one epoch
        }
        assertArrayEquals(alone.parameters(), a.parameters());
        assertArrayEquals(alone.parameters(), b.parameters());
        assertNotSame(config.newOptimizer(), config.newOptimizer());
    }

    @Test
    void aFactoryThatGivesOneOptimizerTwiceIsRefused() {
        Adam shared = new Adam(0.01f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(Loss.squaredError(), () -> shared).build());
        assertEquals("the optimizer factory gave the same optimizer twice; it must make a new one for each run",
                e.getMessage());
    }

    @Test
    void aFactoryGivesEachRunANewOptimizer() {
        int[] made = {0};
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), () -> {
            made[0]++;
            return new Adam(0.01f);
        }).batchSize(10).build();
        int atBuild = made[0];
        new Trainer(config).fit(TrainerTest.net(1), TrainerTest.small());
        new Trainer(config).fit(TrainerTest.net(1), TrainerTest.small());
        assertEquals(atBuild + 2, made[0]);
    }

    /**
     * {@link TrainingConfig#withCheckpoints} copies every field but the two it sets, each set here
     * to a value other than its default, so that a field the copy leaves at a default fails here.
     */
    @Test
    void withCheckpointsKeepsEveryOtherField() throws Exception {
        CheckpointStore store = new CheckpointStore() {
            @Override
            public void save(Checkpoint checkpoint) {
            }

            @Override
            public String name() {
                return "test store";
            }
        };
        TrainingConfig a = builder(new Adam(0.02f)).validationSplit(0.25).earlyStopping(3, 0.01)
                .restoreBestWeights(false).chunkSize(5).averageGradient(true).shuffle(false)
                .schedule(dev.backprop.optim.LearningRateSchedule.step(2, 0.5)).kernels(dev.backprop.math.Kernels.scalar())
                .listener(new TrainingListener() { }).fingerprint("data", "x.csv").build();
        TrainingConfig b = a.withCheckpoints(9, store);
        assertEquals(9, b.checkpointEvery());
        assertEquals(store, b.checkpointStore());
        assertEquals(0, a.checkpointEvery(), "the original is unchanged");
        int compared = 0;
        for (java.lang.reflect.Field f : TrainingConfig.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getName().startsWith("checkpoint")) {
                continue;
            }
            f.setAccessible(true);
            assertEquals(f.get(a), f.get(b), f.getName());
            compared++;
        }
        assertEquals(18, compared, "fields compared");
        assertThrows(IllegalArgumentException.class, () -> a.withCheckpoints(0, store));
    }
}
