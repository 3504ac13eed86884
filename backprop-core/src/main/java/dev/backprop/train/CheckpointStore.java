package dev.backprop.train;

import java.io.IOException;

/**
 * Where a training run writes its {@link Checkpoint}s. The trainer only hands checkpoints over;
 * how they are encoded and made durable is the store's business, so the training loop needs no
 * file format ({@code dev.backprop.io.CheckpointFile.store(Path)} is the library's store).
 */
public interface CheckpointStore {

    /**
     * Writes a checkpoint, replacing the previous one, so that a crash at any moment leaves either
     * the previous checkpoint or this one.
     *
     * @param checkpoint the run at this moment
     * @throws IOException if it cannot be written
     */
    void save(Checkpoint checkpoint) throws IOException;

    /**
     * The name that messages give the store, for example the checkpoint file's path.
     *
     * @return the name
     */
    String name();
}
