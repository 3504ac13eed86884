package dev.backprop.train;

/** Runs the scenarios of {@link AllocationTest} in a fresh JVM and prints the bytes each allocated. */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /**
     * @param args unused
     * @throws java.io.IOException if the checkpoint scenario cannot use a temporary directory
     */
    public static void main(String[] args) throws java.io.IOException {
        System.out.println("scenario.miniBatch " + AllocationTest.miniBatch());
        System.out.println("scenario.chunkedFullBatch " + AllocationTest.chunkedFullBatch());
        System.out.println("scenario.multiThreaded " + AllocationTest.multiThreaded());
        System.out.println("scenario.packedKBlocks " + AllocationTest.packedKBlocks());
        System.out.println("scenario.checkpointing " + AllocationTest.checkpointing());
        System.out.println("scenario.allocatingListener " + AllocationTest.allocatingListener());
        System.exit(0);
    }
}
