package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import dev.backprop.optim.GradientDescent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A session stepped by hand: N steps, and listeners that see the session. */
class TrainingSessionTest {

    private static TrainingConfig.Builder config() {
        // 60 cases in batches of 6: 10 steps an epoch
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.02f)).batchSize(6).seed(5);
    }

    @Test
    void stepsByHandAcrossEpochsGiveTheBitsOfATrainerRun() {
        Dataset data = TrainerTest.small();
        Network byHand = TrainerTest.net(4);
        TrainingSession session = new Trainer(config().build()).session(byHand, data);
        session.steps(25);
        assertEquals(2, session.epoch(), "25 steps end in the third epoch");
        assertEquals(30, session.casesDone());
        session.steps(5);
        assertEquals(30, session.stepCount());
        Network fitted = TrainerTest.net(4);
        new Trainer(config().epochs(3).build()).fit(fitted, data);
        assertArrayEquals(fitted.parameters(), byHand.parameters());
    }

    @Test
    void stepsReturnsTheLossPerCaseOverItsBatches() {
        Dataset data = TrainerTest.small();
        double[] sum = {0};
        int[] cases = {0};
        int[] last = {0};
        // batches of 7: 8 of 7 cases and one of 4 an epoch
        TrainingConfig c = config().batchSize(7).listener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int done, int total, double error) {
                sum[0] += error;
                cases[0] += done > last[0] ? done - last[0] : done;
                last[0] = done;
            }
        }).build();
        TrainingSession session = new Trainer(c).session(TrainerTest.net(4), data);
        session.steps(3);
        sum[0] = 0;
        cases[0] = 0;
        double loss = session.steps(12);             // across the short last batch of epoch 0
        assertEquals(12 * 7 - 3, cases[0]);
        assertEquals(sum[0] / cases[0], loss, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> session.steps(0));
    }

    @Test
    void aListenerReceivesTheSessionAfterEveryStep() {
        Dataset data = TrainerTest.small();
        Network net = TrainerTest.net(2);
        List<String> seen = new ArrayList<>();
        TrainingSession[] sessions = new TrainingSession[1];
        TrainingConfig c = TrainingConfig.builder(Loss.squaredError(), new GradientDescent(0.1f)).batchSize(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingSession session, double batchError) {
                        assertSame(net, session.network());
                        sessions[0] = session;
                        seen.add(session.epoch() + "/" + session.casesDone() + "/" + session.stepCount());
                    }
                }).build();
        TrainingSession session = new Trainer(c).session(net, data);
        session.steps(62);
        assertSame(session, sessions[0]);
        assertEquals(62, seen.size());
        assertEquals("0/1/1", seen.get(0));
        assertEquals("0/60/60", seen.get(59));
        assertEquals("1/2/62", seen.get(61));
    }

    @Test
    void stepBeforeAnyEpochIsRefused() {
        TrainingSession session = new Trainer(config().build()).session(TrainerTest.net(1), TrainerTest.small());
        IllegalStateException e = assertThrows(IllegalStateException.class, session::step);
        assertEquals("no epoch has begun: call beginEpoch() before step(), or use steps(n)", e.getMessage());
    }
}
