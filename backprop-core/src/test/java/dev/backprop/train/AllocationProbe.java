package dev.backprop.train;

/** Runs the scenarios of {@link AllocationTest} in a fresh JVM and prints the bytes each allocated. */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("scenario.miniBatch " + AllocationTest.miniBatch());
        System.out.println("scenario.chunkedFullBatch " + AllocationTest.chunkedFullBatch());
        System.out.println("scenario.multiThreaded " + AllocationTest.multiThreaded());
        System.out.println("scenario.allocatingListener " + AllocationTest.allocatingListener());
        System.exit(0);
    }
}
