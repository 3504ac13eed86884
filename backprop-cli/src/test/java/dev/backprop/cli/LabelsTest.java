package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.backprop.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training file's class labels through {@code backprop train}: a numeric target is not taken for
 * thousands of classes, labels that would act on a terminal are refused, doubtful ones warned about.
 */
class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void aNumericTargetColumnIsRefusedWithTheFlagsThatReadIt() throws IOException {
        Path data = Fixtures.labelled(dir, "target.csv", 1500, r -> String.format(Locale.ROOT, "%.2f", r * 0.37));
        Path model = dir.resolve("m.safetensors");
        Run r = Run.of("train", "--data", data.toString(), "--epochs", "0", "--out", model.toString());
        Run.assertBadInput(r, "target.csv: column 'y' holds 1500 distinct labels in 1500 rows, all numbers, and more than "
                + "1000 classes are refused; for a numeric target give --task regression");
        assertFalse(Files.exists(model));
        Run ok = Run.of("train", "--data", data.toString(), "--epochs", "0", "--out", model.toString(), "--task",
                "regression", "--quiet");
        assertEquals(0, ok.code(), ok::toString);
    }

    @Test
    void numbersMostlyDistinctAreRefusedUnlessTaskClassificationSaysTheyAreClasses() throws IOException {
        Path data = Fixtures.labelled(dir, "ids.csv", 200, r -> Integer.toString(r % 120));
        Path model = dir.resolve("m.safetensors");
        Run.assertBadInput(Run.of("train", "--data", data.toString(), "--epochs", "0", "--out", model.toString()),
                "ids.csv: column 'y' holds 120 distinct labels in 200 rows, all numbers and more than half of them "
                        + "distinct, as a continuous target's are; for a numeric target give --task regression; to take "
                        + "them as classes give --task classification");
        Run ok = Run.of("train", "--data", data.toString(), "--epochs", "0", "--out", model.toString(), "--task",
                "classification", "--quiet");
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(120, ModelFile.load(model).classNames().size());
    }

    @Test
    void maxClassesBoundsTheClassesOfAnyLabels() throws IOException {
        Path data = Fixtures.blobs(dir, "blobs.csv", 60, 3);
        Path model = dir.resolve("m.safetensors");
        Run.assertBadInput(Run.of("train", "--data", data.toString(), "--label-column", "color", "--epochs", "0",
                "--out", model.toString(), "--max-classes", "2"), "holds 3 distinct labels in 60 rows and more than 2 "
                        + "classes are refused");
        Run.assertBadInput(Run.of("train", "--data", data.toString(), "--max-classes", "1"),
                "backprop train: --max-classes 1: expected 2 or more");
        assertFalse(Files.exists(model));
    }

    @Test
    void labelsEqualAsNumbersAndNaNAreWarnedAbout() throws IOException {
        String[] labels = {"1", "1.0", "NaN", "2"};
        Path data = Fixtures.labelled(dir, "doubt.csv", 40, r -> labels[r % 4]);
        Run r = Run.of("train", "--data", data.toString(), "--epochs", "0", "--out",
                dir.resolve("m.safetensors").toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("warning: " + data + ": labels \"1\" and \"1.0\" are different classes, though equal as "
                + "numbers; write each class one way", "warning: " + data + ": label \"NaN\" is taken as a class "
                + "name, not as a missing value"), r.errLines());
    }

    @Test
    void aLabelWithAControlCharacterIsRefusedNamingItsLine() throws IOException {
        Path data = Fixtures.labelled(dir, "esc.csv", 9, r -> r == 5 ? "red\u001B]0;owned\u0007" : r % 2 == 0 ? "red" : "blue");
        Run r = Run.of("train", "--data", data.toString(), "--epochs", "0", "--out",
                dir.resolve("m.safetensors").toString());
        Run.assertBadInput(r, "esc.csv:7: column 'y': label 'red\\u001B]0;owned\\u0007' holds a control character");
        assertFalse(r.err().contains("\u001B") || r.err().contains("\u0007"), r::toString);
    }
}
