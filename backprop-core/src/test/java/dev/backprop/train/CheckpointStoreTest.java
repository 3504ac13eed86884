package dev.backprop.train;

import dev.backprop.io.CheckpointFile;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trainer hands checkpoints to a store and names the store in its messages. */
class CheckpointStoreTest {

    /** Keeps every checkpoint in memory. */
    private static final class Memory implements CheckpointStore {
        final List<Checkpoint> saved = new ArrayList<>();

        @Override
        public void save(Checkpoint checkpoint) {
            saved.add(checkpoint);
        }

        @Override
        public String name() {
            return "memory";
        }
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder(Loss.softmaxCrossEntropy(), new Adam(0.01f)).batchSize(8).epochs(2).seed(4);
    }

    @Test
    void aStoreReceivesTheCheckpointsOfTheRun() {
        Memory store = new Memory();
        Network net = TrainerTest.net(1);
        new Trainer(config().checkpointEvery(3, store).build()).fit(net, TrainerTest.small());
        // 60 cases in batches of 8: 8 steps an epoch; checkpoints after steps 3, 6, at the end of
        // epoch 0 (8), after 9, 12, 15 and at the end of epoch 1 (16).
        assertEquals(7, store.saved.size());
        Checkpoint last = store.saved.get(store.saved.size() - 1);
        assertEquals(16, last.optimizer().steps());
        assertArrayEquals(net.parameters(), last.network().parameters());
    }

    @Test
    void aStoreThatFailsIsNamedInTheMessage() {
        CheckpointStore broken = new CheckpointStore() {
            @Override
            public void save(Checkpoint checkpoint) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public String name() {
                return "the broken store";
            }
        };
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(config().checkpointEvery(3, broken).build())
                        .fit(TrainerTest.net(1), TrainerTest.small()));
        assertEquals("cannot write checkpoint the broken store: disk full", e.getMessage());
    }

    @Test
    void theFileStoreIsNamedByItsPathAndWritesTheCheckpointFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.ckpt");
        CheckpointStore store = CheckpointFile.store(file);
        assertEquals(file.toString(), store.name());
        Memory memory = new Memory();
        Network net = TrainerTest.net(1);
        new Trainer(config().checkpointEvery(5, store).build()).fit(net, TrainerTest.small());
        new Trainer(config().checkpointEvery(5, memory).build()).fit(TrainerTest.net(1), TrainerTest.small());
        Checkpoint c = CheckpointFile.load(file);
        Checkpoint m = memory.saved.get(memory.saved.size() - 1);
        assertEquals(m.optimizer().steps(), c.optimizer().steps());
        assertArrayEquals(m.network().parameters(), c.network().parameters());
    }
}
