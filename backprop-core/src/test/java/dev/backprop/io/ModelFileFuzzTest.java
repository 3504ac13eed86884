package dev.backprop.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backprop.FuzzFiles;
import dev.backprop.data.InputFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link ModelFile#load} and the header's JSON parser. A bad model file is refused with a
 * one-line {@link InputFormatException} naming the file and a byte offset, and nothing else; a
 * file that loads saves back to a file that loads to the same model, bit for bit. Bad JSON is
 * refused with a {@link Json.SyntaxError} inside the text, and nothing else.
 *
 * <p>Seeds: {@code ModelFileFuzzTestInputs/model/} holds whole safetensors files, valid and broken;
 * {@code ModelFileFuzzTestInputs/json/} JSON texts.
 */
class ModelFileFuzzTest {
    private static final Path FILE = FuzzFiles.temp("fuzz", ".safetensors");
    private static final Path AGAIN = FuzzFiles.temp("fuzz-again", ".safetensors");

    @FuzzTest(maxDuration = "3s")
    void model(byte[] input) throws IOException {
        Files.write(FILE, input);
        Model m;
        try {
            m = ModelFile.load(FILE);
        } catch (InputFormatException e) {
            FuzzFiles.assertOneLineNaming(FILE, e);
            assertTrue(e.getMessage().startsWith(FILE + ": byte "), e.getMessage());
            return;
        }
        FuzzFiles.assertFinite(m.network().parameters());
        ModelFile.save(AGAIN, m);
        Model back = ModelFile.load(AGAIN);
        assertArrayEquals(m.network().parameters(), back.network().parameters());
        assertArrayEquals(m.network().sizes(), back.network().sizes());
        assertEquals(m.loss(), back.loss());
        assertEquals(m.classNames(), back.classNames());
        assertEquals(m.training(), back.training());
        assertEquals(m.seed(), back.seed());
        assertEquals(m.scaling().kind(), back.scaling().kind());
        assertArrayEquals(m.scaling().offsets(), back.scaling().offsets());
        assertArrayEquals(m.scaling().scales(), back.scaling().scales());
    }

    @FuzzTest(maxDuration = "3s")
    void json(byte[] input) {
        Json.Value v;
        try {
            v = Json.parse(input, 0, input.length, Integer.MAX_VALUE);
        } catch (Json.SyntaxError e) {
            assertTrue(e.at >= 0 && e.at <= input.length, "error position " + e.at + " of " + input.length);
            assertTrue(e.expected != null && !e.expected.isEmpty());
            return;
        }
        checkPositions(v, input.length);
    }

    private static void checkPositions(Json.Value v, int length) {
        assertTrue(v.at() >= 0 && v.at() < length, "value position " + v.at() + " of " + length);
        if (v instanceof Json.Obj o) {
            assertEquals(o.members().keySet(), o.keyAt().keySet());
            for (Json.Value m : o.members().values()) {
                assertTrue(m.at() > o.at());
                checkPositions(m, length);
            }
        } else if (v instanceof Json.Arr a) {
            for (Json.Value m : a.items()) {
                assertTrue(m.at() > a.at());
                checkPositions(m, length);
            }
        } else if (v instanceof Json.Num n) {
            assertTrue(n.value() >= 0);
        }
    }
}
