package dev.backprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.cli.output.JsonOut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}'s run record has the members, in order, of the record kept in backprop-spark's
 * tests (train.run.json), which Spark's {@code SparkTrain} is held to as well, so that the two
 * writers of the format cannot drift apart unseen.
 */
class RunRecordMembersTest {
    private static final Path SPARK_COPY = Path.of("..", "backprop-spark", "src", "test", "resources", "dev",
            "backprop", "spark", "train.run.json");

    @Test
    void trainWritesTheMembersSparkTrainIsHeldTo(@TempDir Path dir) throws Exception {
        Map<String, Object> record = JsonOut.readObject(Files.readString(CompareTest.train(dir, "a")));
        Map<String, Object> kept = JsonOut.readObject(Files.readString(SPARK_COPY));
        for (String member : List.of("", "environment", "settings", "result", "model")) {
            assertEquals(names(member.isEmpty() ? kept : kept.get(member)),
                    names(member.isEmpty() ? record : record.get(member)), "members of " + member);
        }
        assertEquals(names(first(kept, "epochs")), names(first(record, "epochs")), "members of an epoch");
        assertEquals(names(first(kept, "data")), names(first(record, "data")), "members of a data file");
    }

    private static Object first(Map<String, Object> m, String list) {
        return ((List<?>) m.get(list)).get(0);
    }

    private static List<String> names(Object object) {
        List<String> names = new ArrayList<>();
        ((Map<?, ?>) object).keySet().forEach(k -> names.add(k.toString()));
        return names;
    }
}
