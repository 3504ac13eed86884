package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Everything a checkpoint holds comes from the run state, and restoring it gives the same state. */
class RunStateTest {

    @Test
    void aRestoredStateSnapshotsToTheSameCheckpoint() {
        Dataset data = TrainerTest.small();
        Network net = TrainerTest.net(6);
        TrainingConfig config = TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.02f)).batchSize(7)
                .earlyStopping(2, 0).seed(3).build();
        TrainingSession session = new Trainer(config).session(net, data);
        RunState state = session.state();
        session.beginEpoch();
        while (session.step()) {
            // a whole epoch, so that a history record and the early-stopping state exist
        }
        state.history.add(new EpochRecord(0, session.epochLoss(), session.epochAccuracy(), 0.5, 0.75,
                state.eta, 1.0, EpochRecord.checksum(net.parameters())));
        state.stopEarly(0.5, net.parameters(), config);
        session.beginEpoch();
        session.step();
        session.step();
        Checkpoint first = state.snapshot(net, 2.5, Map.of("k", "v"));

        Network other = TrainerTest.net(7);
        Optimizer adam = new Adam(0.02f);
        adam.prepare(other.layout());
        RunState restored = new RunState(adam, data.size(), 99, other.layout().size(), true);
        restored.restore(first, other);
        Checkpoint second = restored.snapshot(other, 2.5, Map.of("k", "v"));

        assertArrayEquals(first.network().parameters(), second.network().parameters());
        assertEquals(first.optimizer().steps(), second.optimizer().steps());
        assertEquals(first.optimizer().description(), second.optimizer().description());
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(first.optimizer().state()[k], second.optimizer().state()[k], "optimizer state " + k);
        }
        Checkpoint.Progress p = first.progress();
        Checkpoint.Progress q = second.progress();
        assertEquals(p.epoch(), q.epoch());
        assertEquals(p.batch(), q.batch());
        assertEquals(p.position(), q.position());
        assertArrayEquals(p.order(), q.order());
        assertEquals(p.rngState(), q.rngState());
        assertEquals(p.epochError(), q.epochError());
        assertEquals(p.epochCorrect(), q.epochCorrect());
        assertEquals(p.learningRate(), q.learningRate());
        assertEquals(2.5, restored.restoredSeconds, "the epoch's time so far");
        assertEquals(first.epochs(), second.epochs());
        assertEquals(first.earlyStopping().bestLoss(), second.earlyStopping().bestLoss());
        assertEquals(first.earlyStopping().bestEpoch(), second.earlyStopping().bestEpoch());
        assertArrayEquals(first.earlyStopping().bestParameters(), second.earlyStopping().bestParameters());
        assertEquals(first.earlyStopping().stopped(), second.earlyStopping().stopped());
    }
}
