package dev.backprop.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backprop.io.Model;
import dev.backprop.io.ModelFile;
import dev.backprop.spark.submit.SparkTrain;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SparkTrain} on CSV, Parquet, LibSVM and JSON data gives the local trainer's parameters bit
 * for bit, with train's model file and run record; bad flags give one line, exit 2 and no file.
 */
class SparkTrainTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkSessions.get();
    }

    @Test
    void everyFormatGivesTheLocalBitsAndTrainsRecord(@TempDir Path dir) throws IOException {
        Path csv = SubmitData.csv(dir);
        String parquet = dir.resolve("data.parquet").toString();
        String json = dir.resolve("data.json").toString();
        spark.read().option("header", true).option("inferSchema", true).csv(csv.toString()).write().parquet(parquet);
        spark.read().option("header", true).csv(csv.toString()).write().json(json);
        float[] expected = SubmitData.localParameters();
        List<String> runs = List.of(csv.toString(), parquet, SubmitData.libsvm(dir).toString(), json);
        for (String data : runs) {
            Path out = dir.resolve("m-" + Path.of(data).getFileName().toString().replace('.', '-') + ".safetensors");
            List<String> args = new ArrayList<>(List.of("--data", data, "--out", out.toString()));
            args.addAll(SubmitData.flags());
            if (data.endsWith(".libsvm")) {
                args.set(args.indexOf("kind"), "label");
            }
            assertEquals(0, run(args).status, data);
            Model model = ModelFile.load(out);
            assertArrayEquals(expected, model.network().parameters(), data);
            assertEquals(3, model.classNames().size(), data);
            assertEquals("minmax", model.scaling().kind(), data);
            checkRecord(dir.resolve(out.getFileName().toString().replace(".safetensors", ".run.json")), data);
        }
    }

    /**
     * The record holds the members of the one {@code backprop train} wrote (train.run.json, beside
     * this class: {@code ./backprop train} on iris; the CLI's RunRecordMembersTest holds train's
     * records to the same file), in its order, with Spark's version and master added to the
     * environment.
     */
    private static void checkRecord(Path file, String data) throws IOException {
        JsonNode record = new ObjectMapper().readTree(file.toFile());
        JsonNode train;
        try (var in = SparkTrainTest.class.getResourceAsStream("train.run.json")) {
            train = new ObjectMapper().readTree(in);
        }
        assertEquals("backprop-run 1", record.get("format").asText());
        for (String member : List.of("", "result", "model")) {
            assertEquals(names(member.isEmpty() ? train : train.get(member)),
                    names(member.isEmpty() ? record : record.get(member)), data + " " + member);
        }
        List<String> settings = new ArrayList<>(names(train.get("settings")));
        if (data.endsWith(".libsvm")) {
            settings.remove("features");        // a vector of features has no names, as IDX images in train
        }
        assertEquals(settings, names(record.get("settings")), data);
        List<String> environment = new ArrayList<>(names(train.get("environment")));
        environment.add("spark");
        assertEquals(environment, names(record.get("environment")), data);
        assertEquals(2, record.get("epochs").size(), data);
        assertEquals(names(train.get("epochs").get(0)), names(record.get("epochs").get(1)), data);
        assertEquals(names(train.get("data").get(0)), names(record.get("data").get(0)), data);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void badFlagsGiveOneLineExitTwoAndNoFile(@TempDir Path dir) throws IOException {
        String data = SubmitData.csv(dir).toString();
        String out = dir.resolve("out").resolve("m.safetensors").toString();
        Files.createDirectories(dir.resolve("out"));
        String[][] cases = {
            {"--bogus", "unknown flag '--bogus'"},
            {"--epochs", "--epochs needs a value"},
            {"--epochs=three", "--epochs 'three': expected a whole number"},
            {"--eta=fast", "--eta 'fast': expected a number"},
            {"--threads=2", "--threads does not apply on Spark"},
            {"--validation-split=0.1", "--validation-split does not apply on Spark"},
            {"--label-column=species", "--label-column 'species': no such column"},
            {"--data=" + dir.resolve("none.csv"), "--data " + dir.resolve("none.csv") + ": no such file"},
            {"--scale=standard", "--scale standard: "},
            {"--optimizer=adamw", "--optimizer: unknown optimizer 'adamw'"},
            {"--momentum-form=keras", "--momentum-form: unknown momentum form 'keras'"},
            {"--schedule=step:x:0.5", "--schedule: 'step:x:0.5' holds a bad number"},
            {"--out=" + dir.resolve("none").resolve("m.safetensors"), "--out " + dir.resolve("none")
                    .resolve("m.safetensors") + ": the directory " + dir.resolve("none") + " does not exist"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("--data", data, "--out", out, "--epochs", "1",
                    "--optimizer", "momentum"));
            int given = args.indexOf(c[0].split("=")[0]);
            if (given >= 0) {
                args.subList(given, given + 2).clear();
            }
            args.add(c[0]);
            Result r = run(args);
            assertEquals(2, r.status, c[0] + ": " + r.err);
            assertTrue(r.err.startsWith("spark-train: " + c[1]), c[0] + " gave: " + r.err);
            assertEquals(1, r.err.lines().count(), c[0] + " gave: " + r.err);
            try (Stream<Path> files = Files.list(dir.resolve("out"))) {
                assertEquals(List.of(), files.toList(), c[0] + " left files");
            }
        }
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkTrain.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
