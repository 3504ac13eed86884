package dev.backprop.math;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without the Vector API module the library falls back to the scalar kernels by itself. */
class FallbackTest {

    static String probe(String... jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
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
