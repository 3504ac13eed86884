package dev.backprop.spark;

/**
 * Where each case of an epoch goes: position p of the epoch's order is in batch ⌊p / batch⌋ and,
 * within it, in chunk ⌊(p mod batch) / chunk⌋, as the local trainer cuts them; chunks are numbered
 * over the epoch, batch by batch, so that a batch's chunks are a contiguous run of ids, and the
 * partitions hold contiguous runs of chunks.
 *
 * @param cases the epoch's cases
 * @param batch cases per batch (at most cases)
 * @param chunk cases per chunk (at most batch)
 * @param partitions the partitions the chunks are spread over
 */
record Geometry(int cases, int batch, int chunk, int partitions) {

    /** @return chunks per full batch */
    int chunksPerBatch() {
        return (batch + chunk - 1) / chunk;
    }

    /** @return the chunk id of epoch position p */
    int chunkOf(int p) {
        return p / batch * chunksPerBatch() + p % batch / chunk;
    }

    /** @return the chunks of the epoch */
    int chunks() {
        return chunkOf(cases - 1) + 1;
    }

    /** @return the partition that holds chunk id c: ⌊c·P/C⌋, so that each holds a contiguous run */
    int partitionOf(int c) {
        return (int) ((long) c * partitions / chunks());
    }
}
