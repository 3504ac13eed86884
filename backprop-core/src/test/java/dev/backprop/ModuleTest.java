package dev.backprop;

import dev.backprop.math.Kernels;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module descriptor exports the API and hides the SIMD kernels, and the library works as a
 * named module on the module path with and without the Vector API (the tests themselves run on
 * the class path).
 */
class ModuleTest {

    static Path classes() throws Exception {
        Path p = Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(p), "expected the core's classes folder, got " + p);
        return p;
    }

    @Test
    void everyPackageButTheSimdKernelsIsExported() throws Exception {
        Path classes = classes();
        Set<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in, () -> packages);
        }
        assertEquals("dev.backprop.core", d.name());
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> hidden = new TreeSet<>(d.packages());
        hidden.removeAll(exported);
        assertEquals(Set.of("dev.backprop.math.simd"), hidden, "packages not exported");
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), d.requires().toString());
    }

    static String probe(String modules) throws Exception {
        Path testClasses = Path.of(ModuleProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return TestData.lastLineOfJava(List.of("-p", classes().toString(), "--add-modules", modules,
                "-cp", testClasses.toString(), ModuleProbe.class.getName()));
    }

    @Test
    void onTheModulePathTheVectorKernelsAreUsedOnlyWithTheVectorModule() throws Exception {
        assertEquals("scalar 32.0 dev.backprop.core", probe("dev.backprop.core"));
        assertEquals("vector 32.0 dev.backprop.core", probe("dev.backprop.core,jdk.incubator.vector"));
    }
}
