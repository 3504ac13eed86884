package dev.backprop.math;

import dev.backprop.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without the Vector API module the library falls back to the scalar kernels by itself. */
class FallbackTest {

    static String probe(String... jvmArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelProbe.class.getName()));
        return TestData.lastLineOfJava(args);
    }

    @Test
    void withoutTheModuleTheScalarKernelsAreChosen() throws Exception {
        assertEquals("scalar false 32.0", probe());
    }

    @Test
    void withTheModuleTheVectorKernelsAreChosen() throws Exception {
        String out = probe("--add-modules", "jdk.incubator.vector", "-Dbackprop.threads=3");
        assertEquals(true, out.startsWith("vector(") && out.contains("threads=3") && out.endsWith(" true 32.0"), out);
        assertEquals("scalar true 32.0", probe("--add-modules", "jdk.incubator.vector", "-Dbackprop.kernels=scalar"));
    }
}
