package dev.backprop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core's packages form layers, each depending only on those below it, and no package cycle: the
 * layering that lets the equations ({@code nn}) be read without the training loop, and lets model
 * files ({@code io}) and the training loop ({@code train}) change apart.
 *
 * <pre>
 *   onnx                    export to ONNX, certified against the network's predictions
 *   io                      model and checkpoint files (implements train's checkpoint store)
 *   train                   the training loop, checkpoints as data, listeners
 *   metrics                 accuracy, confusion matrix, regression metrics
 *   optim  data  reference  optimizers; data sets and readers; the double reference
 *   check                   gradient check (uses the reference)
 *   nn                      networks, the seed's equations, activations, losses, initializers
 *   math                    kernels, the seeded RNG, shape checks (math.simd: the SIMD kernels)
 * </pre>
 */
class ArchitectureTest {
    /** For each package below dev.backprop, the project packages it may use (besides itself). */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("math", Set.of("math.simd"));
        MAY_USE.put("math.simd", Set.of("math"));
        MAY_USE.put("nn", Set.of("math"));
        MAY_USE.put("reference", Set.of("math", "nn"));
        MAY_USE.put("check", Set.of("math", "nn", "reference"));
        MAY_USE.put("optim", Set.of("math", "nn"));
        MAY_USE.put("data", Set.of("math"));
        MAY_USE.put("metrics", Set.of("math", "nn", "data"));
        MAY_USE.put("train", Set.of("math", "nn", "optim", "data", "metrics"));
        MAY_USE.put("io", Set.of("math", "nn", "data", "train"));
        MAY_USE.put("onnx", Set.of("math", "nn", "data", "io"));
    }

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.backprop");
    }

    @Test
    void everyPackageOfTheCoreIsInTheTable() {
        List<String> missing = new ArrayList<>();
        core.forEach(c -> {
            String pkg = c.getPackageName().replaceFirst("^dev\\.backprop\\.?", "");
            if (!MAY_USE.containsKey(pkg) && !missing.contains(pkg)) {
                missing.add(pkg);
            }
        });
        assertEquals(List.of(), missing, "packages without a place in the layering");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.backprop.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void eachPackageUsesOnlyTheLayersBelowIt() {
        for (Map.Entry<String, Set<String>> e : MAY_USE.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MAY_USE.keySet()) {
                if (!other.equals(e.getKey()) && !e.getValue().contains(other)) {
                    forbidden.add("dev.backprop." + other);
                }
            }
            ArchRule rule = noClasses().that().resideInAPackage("dev.backprop." + e.getKey())
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true);
            rule.check(core);
        }
    }
}
