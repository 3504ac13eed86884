package dev.backprop.cli.serve;

import static dev.backprop.cli.serve.ServeFixtures.batch;
import static dev.backprop.cli.serve.ServeFixtures.cells;
import static dev.backprop.cli.serve.ServeFixtures.error;
import static dev.backprop.cli.serve.ServeFixtures.get;
import static dev.backprop.cli.serve.ServeFixtures.post;
import static dev.backprop.cli.serve.ServeFixtures.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.cli.output.JsonOut;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real HTTP on a free port: its answers are {@code backprop predict}'s, digit for
 * digit, for the same rows; every bad request gets its status and one line naming what was wrong.
 */
class PredictionServerTest {
    @TempDir
    static Path dir;
    static Path classData;
    static Path regData;
    static Path classModel;
    static Path regModel;
    static PredictionServer classes;
    static PredictionServer regression;

    @BeforeAll
    static void start() throws IOException {
        classData = ServeFixtures.data(dir, "blobs.csv", true, 300, 1);
        regData = ServeFixtures.data(dir, "reg.csv", false, 300, 2);
        classModel = ServeFixtures.train(classData, true, 3, dir.resolve("blobs.safetensors"));
        regModel = ServeFixtures.train(regData, false, 4, dir.resolve("reg.safetensors"));
        classes = PredictionServer.start(ServeFixtures.settings(classModel, 400, 1 << 20, 4, 0), s -> { });
        regression = PredictionServer.start(ServeFixtures.settings(regModel, 5, 4096, 2, 0), s -> { });
    }

    @AfterAll
    static void stop() {
        classes.stop();
        regression.stop();
    }

    @Test
    void aBatchGetsPredictsOutputsDigitForDigit() throws Exception {
        // 300 rows: two chunks of the inference, as predict takes them
        List<String[]> rows = ServeFixtures.rows(classData, 4);
        HttpResponse<String> r = post(classes.url(), "/predict", batch(rows));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ServeFixtures.predict(classModel, dir, "f1,f2,f3,f4", rows), cells(r.body()));
        assertTrue(r.body().startsWith("{\"predictions\":[{\"class\":\""), r.body());
    }

    @Test
    void singleCasesGetPredictsOutputsForTheSameRow() throws Exception {
        List<String[]> rows = ServeFixtures.rows(classData, 4);
        List<String[]> reg = ServeFixtures.rows(regData, 3);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = post(classes.url(), "/predict", single(rows.get(i)));
            assertEquals(ServeFixtures.predict(classModel, dir, "f1,f2,f3,f4", java.util.Collections.singletonList(rows.get(i))), cells(r.body()));
            HttpResponse<String> g = post(regression.url(), "/predict", single(reg.get(i)));
            assertEquals(ServeFixtures.predict(regModel, dir, "x1,x2,x3", java.util.Collections.singletonList(reg.get(i))), cells(g.body()));
        }
        List<String[]> five = reg.subList(10, 15);
        HttpResponse<String> r = post(regression.url(), "/predict", batch(five));
        assertEquals(ServeFixtures.predict(regModel, dir, "x1,x2,x3", five), cells(r.body()));
        assertTrue(r.body().startsWith("{\"predictions\":[["), r.body());
    }

    @Test
    void healthAndModel() throws Exception {
        assertEquals("{\"status\":\"ok\"}\n", get(classes.url(), "/health").body());
        Map<String, Object> m = JsonOut.readObject(get(classes.url(), "/model").body());
        assertEquals(List.of(4, 8, 3), m.get("layers"));
        assertEquals(List.of("blue", "green", "red"), m.get("classes"));
        assertEquals("standard", m.get("scaling"));
        assertEquals(dev.backprop.cli.output.RunRecord.sha256(classModel), m.get("sha256"));
        assertEquals(List.of("f1", "f2", "f3", "f4"), m.get("features"));
        assertTrue(m.get("training") instanceof Map && m.get("loaded_at") instanceof String, m.toString());
    }

    @Test
    void badRequestsGetTheirStatusAndOneLineNamingTheField() throws Exception {
        String u = regression.url();
        List<Object[]> cases = List.of(
                new Object[] {"{\"inputs\": [[1, 2, 3]", 400, "the body is not JSON", "line 1, column"},
                new Object[] {"", 400, "the body is empty", "expected a JSON object"},
                new Object[] {"[1, 2, 3]", 400, "the body is an array", "expected a JSON object"},
                new Object[] {"{\"rows\": [[1, 2, 3]]}", 400, "missing \"inputs\"", "rows of 3 numbers"},
                new Object[] {"{\"inputs\": [[1, 2, 3], [1, 2]]}", 400, "\"inputs\"[1] has 2 values; expected 3"},
                new Object[] {"{\"inputs\": [[1, 2, 3, 4]]}", 400, "\"inputs\"[0] has 4 values; expected 3"},
                new Object[] {"{\"input\": [1, 2]}", 400, "\"input\" has 2 values; expected 3"},
                new Object[] {"{\"inputs\": [[1, NaN, 3]]}", 400, "\"inputs\"[0], column 1: NaN is not a finite"},
                new Object[] {"{\"inputs\": [[1, 2, -Infinity]]}", 400, "column 2: -Infinity is not a finite"},
                new Object[] {"{\"inputs\": [[1, 2, 1e39]]}", 400, "column 2: 1e39 is outside the float32 range"},
                new Object[] {"{\"inputs\": [[1, \"2\", 3]]}", 400, "\"inputs\"[0], column 1: a string; expected a number"},
                new Object[] {"{\"inputs\": [[1, 2, null]]}", 400, "column 2: null; expected a number"},
                new Object[] {"{\"inputs\": [1, 2, 3]}", 400, "\"inputs\"[0] is a number; expected an array of 3"},
                new Object[] {"{\"inputs\": {}}", 400, "\"inputs\" is an object; expected an array of rows"},
                new Object[] {"{\"inputs\": []}", 400, "\"inputs\" is an empty batch"},
                new Object[] {"{\"inputs\": [[0,0,0],[0,0,0],[0,0,0],[0,0,0],[0,0,0],[0,0,0]]}", 400,
                    "more than 5 rows", "--max-batch"},
                new Object[] {"{\"input\": [1, 2, 3], \"inputs\": [[1, 2, 3]]}", 400, "twice"},
                new Object[] {"{\"input\": [1, 2, 3]} {}", 400, "goes on after its JSON object"},
                new Object[] {"{\"input\": [3.4e38, 0, 0]}", 400, "\"input\", column 0 ('x1'): the model's minmax scaler"},
                new Object[] {"{\"input\": [" + "0,".repeat(3000) + "0]}", 413, "over --max-body-bytes 4096"});
        for (Object[] c : cases) {
            HttpResponse<String> r = post(u, "/predict", (String) c[0]);
            assertEquals(c[1], r.statusCode(), c[0] + " → " + r.body());
            String e = error(r);
            for (int i = 2; i < c.length; i++) {
                assertTrue(e.contains((String) c[i]), c[0] + " → " + e);
            }
        }
        assertEquals(404, post(u, "/nowhere", "{}").statusCode());
        assertTrue(error(get(u, "/nowhere")).contains("no such path /nowhere"));
        HttpResponse<String> wrong = get(u, "/predict");
        assertEquals(405, wrong.statusCode());
        assertEquals("POST", wrong.headers().firstValue("Allow").orElse(""));
        assertTrue(error(wrong).contains("GET /predict: method not allowed; expected POST"));
        assertEquals(405, post(u, "/health", "").statusCode());
        // the server answers on after all of them
        assertEquals(200, post(u, "/predict", "{\"input\": [0.5, 0.5, 0.5]}").statusCode());
    }

    @Test
    void aChunkedBodyOverTheCapIsRefused() throws Exception {
        // no Content-Length: the cap is met while reading; the body is a good request padded past 4096 bytes
        byte[] padded = ("{\"input\": [0.5, 0.5, 0.5]}" + " ".repeat(5000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(regression.url() + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded))).build();
        HttpResponse<String> r = ServeFixtures.CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(error(r).contains("over --max-body-bytes 4096"), r.body());
        assertEquals(200, post(regression.url(), "/predict", "{\"input\": [0.5, 0.5, 0.5]}").statusCode());
    }

    @Test
    void manyConcurrentClientsAreAllAnsweredCorrectly() throws Exception {
        List<String[]> rows = ServeFixtures.rows(classData, 4);
        List<String> bodies = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String b = i % 3 == 0 ? single(rows.get(i)) : batch(rows.subList(i * 7, i * 7 + 1 + i * 9));
            bodies.add(b);
            answers.add(post(classes.url(), "/predict", b).body());
        }
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int first = t;
            clients.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    int k = (first * 5 + i) % bodies.size();
                    try {
                        HttpResponse<String> r = post(classes.url(), "/predict", bodies.get(k));
                        if (r.statusCode() != 200 || !r.body().equals(answers.get(k))) {
                            wrong.add("request " + k + ": " + r.statusCode() + " " + r.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        wrong.add("request " + k + ": " + e);
                    }
                }
            }));
        }
        clients.forEach(Thread::start);
        for (Thread c : clients) {
            c.join();
        }
        assertEquals(List.of(), wrong);
    }
}
