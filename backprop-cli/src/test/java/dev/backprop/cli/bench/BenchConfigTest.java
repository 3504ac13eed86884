package dev.backprop.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.commands.BenchCommand;
import dev.backprop.nn.Activation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The one table of benchmark networks, and the bench command's help that describes it in words. */
class BenchConfigTest {

    @Test
    void namesInAnyCaseAndNoOthers() {
        assertEquals(List.of("N1", "N2", "N3"), BenchConfig.all().stream().map(BenchConfig::name).toList());
        assertEquals(BenchConfig.all().get(1), BenchConfig.of("n2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchConfig.of("N4"));
        assertEquals("unknown configuration 'N4'; expected N1, N2 or N3", e.getMessage());
    }

    @Test
    void everyLayerButTheLastTakesTheHiddenActivation() {
        BenchConfig n2 = BenchConfig.of("N2");
        assertArrayEquals(new Activation[] {n2.hidden(), n2.hidden(), n2.output()}, n2.activations());
        assertEquals("softmax", n2.activations()[2].name());
    }

    /** The help is written by hand: each configuration's line must state what the table holds. */
    @Test
    void theBenchHelpDescribesTheTable() {
        List<String> help = Arrays.asList(BenchCommand.class.getAnnotation(Command.class).description());
        for (BenchConfig c : BenchConfig.all()) {
            String line = help.stream().filter(l -> l.startsWith(c.name() + ":")).findFirst().orElseThrow();
            String eta = new BigDecimal(Float.toString(c.eta())).stripTrailingZeros().toPlainString();
            for (String part : List.of(Arrays.toString(c.sizes()), "η = " + eta, c.epochs() + " epochs",
                    c.batch() == 1 ? "online" : "batch " + c.batch(), c.momentum() ? "momentum" : "SGD",
                    c.output().name().equals("softmax") ? "softmax" : c.hidden().name())) {
                assertTrue(line.contains(part), c.name() + ": the help line '" + line + "' lacks '" + part + "'");
            }
        }
    }
}
