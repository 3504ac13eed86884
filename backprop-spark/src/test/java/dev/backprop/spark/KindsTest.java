package dev.backprop.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tasks of a fit's steps must have computed with kernels of one kind; a mix fails the fit. */
class KindsTest {

    static Part part(String kind) {
        return new Part(0, new int[0], new float[0], new double[0], 0, kind);
    }

    @Test
    void oneKindIsTheStepsKind() {
        assertEquals("vector-512", Kinds.agreed(List.of(part("vector-512"), part("vector-512"))));
        assertNull(Kinds.agreed(List.of()));
    }

    @Test
    void aMixOfKindsIsRefusedNamingThem() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kinds.agreed(List.of(part("vector-512"), part("scalar"), part("vector-512"))));
        assertTrue(e.getMessage().startsWith("the executors computed with different kernels {scalar=1, vector-512=2}"),
                e.getMessage());
    }

    @Test
    void aStepWhoseKindDiffersFromTheEarlierStepsIsRefused() {
        assertEquals("scalar", Kinds.agreed(List.of(part("scalar")), null, 0));
        assertEquals("scalar", Kinds.agreed(List.of(part("scalar"), part("scalar")), "scalar", 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kinds.agreed(List.of(part("vector-256")), "scalar", 4));
        assertTrue(e.getMessage().startsWith("step 4's tasks computed with vector-256 kernels, the earlier steps' with "
                + "scalar;"), e.getMessage());
    }
}
