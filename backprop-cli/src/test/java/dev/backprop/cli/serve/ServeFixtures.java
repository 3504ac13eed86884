package dev.backprop.cli.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.backprop.cli.Main;
import dev.backprop.cli.output.JsonOut;
import dev.backprop.math.Rng;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Models, rows and HTTP calls for the server tests. */
final class ServeFixtures {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServeFixtures() {
    }

    /** Three classes in 4 features (header f1..f4, class column "color"), or regression y1, y2 of x1..x3. */
    static Path data(Path dir, String name, boolean classes, int rows, long seed) throws IOException {
        Rng rng = new Rng(seed);
        String[] colors = {"red", "green", "blue"};
        StringBuilder sb = new StringBuilder(classes ? "f1,f2,f3,f4,color\n" : "x1,x2,x3,y1,y2\n");
        for (int r = 0; r < rows; r++) {
            if (classes) {
                int k = r % 3;
                for (int j = 0; j < 4; j++) {
                    sb.append(String.format(Locale.ROOT, "%.3f,", 10 * (j == k ? 1 : 0) + 2 * rng.nextGaussian() + 50));
                }
                sb.append(colors[k]).append('\n');
            } else {
                double a = rng.nextDouble();
                double b = rng.nextDouble();
                double c = rng.nextDouble();
                sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f%n", a, b, c, a + b, a - c));
            }
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    /** Trains a small model on the data with `backprop train`. */
    static Path train(Path data, boolean classes, long seed, Path out) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "8",
                "--epochs", "3", "--seed", Long.toString(seed), "--quiet", "--out", out.toString()));
        args.addAll(classes ? List.of("--label-column", "color", "--scale", "standard")
                : List.of("--label-column", "y1,y2", "--task", "regression", "--scale", "minmax"));
        String[] r = run(args.toArray(new String[0]));
        if (!r[0].equals("0")) {
            throw new AssertionError("train failed: " + r[2]);
        }
        return out;
    }

    /** @return {exit code, stdout, stderr} of the backprop command run in this JVM */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** @return the data rows' input cells, as written (the first {@code width} cells of each line) */
    static List<String[]> rows(Path data, int width) throws IOException {
        List<String> lines = Files.readAllLines(data);
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(Arrays.copyOf(l.split(","), width));
        }
        return rows;
    }

    /** @return {@code {"inputs": [...]}} of the rows, the numbers as written in the CSV file */
    static String batch(List<String[]> rows) {
        StringBuilder sb = new StringBuilder("{\"inputs\": [");
        for (int r = 0; r < rows.size(); r++) {
            sb.append(r > 0 ? ", " : "").append('[').append(String.join(", ", rows.get(r))).append(']');
        }
        return sb.append("]}").toString();
    }

    /** @return {@code {"input": [...]}} of one row */
    static String single(String[] row) {
        return "{\"input\": [" + String.join(", ", row) + "]}";
    }

    /** `backprop predict` on the rows: its CSV lines after the header, split into cells. */
    static List<List<String>> predict(Path model, Path dir, String header, List<String[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (String[] r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        Path f = Files.createTempFile(dir, "rows", ".csv");
        Files.writeString(f, sb.toString());
        String[] r = run("predict", "--model", model.toString(), "--data", f.toString());
        if (!r[0].equals("0")) {
            throw new AssertionError("predict failed: " + r[2]);
        }
        List<List<String>> out = new ArrayList<>();
        for (String l : r[1].split("\n")) {
            out.add(List.of(l.split(",")));
        }
        return out.subList(1, out.size());
    }

    /**
     * The answer as predict's CSV cells, numbers as the server wrote them: per prediction the class
     * then the outputs (classification), or the values (regression).
     */
    static List<List<String>> cells(String answer) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (JsonParser p = JsonOut.tokens(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)))) {
            p.nextToken();                        // {
            p.nextToken();                        // "predictions"
            p.nextToken();                        // [
            List<String> row = null;
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (depth++ == 0) {
                        row = new ArrayList<>();
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (--depth == 0) {
                        rows.add(row);
                    }
                } else if (t == JsonToken.VALUE_STRING && "class".equals(p.currentName())) {
                    row.add(p.getText());
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    if (!"index".equals(p.currentName()) && row != null) {
                        row.add(p.getText());
                    }
                }
            }
        }
        return rows;
    }

    static HttpResponse<String> post(String url, String path, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return the error line of a refusal, checked to be one line of JSON holding only "error" */
    static String error(HttpResponse<String> r) throws IOException {
        String body = r.body();
        if (!body.endsWith("\n") || body.indexOf('\n') != body.length() - 1) {
            throw new AssertionError("not one line: " + body);
        }
        Map<String, Object> m = JsonOut.readObject(body);
        if (m.size() != 1 || !(m.get("error") instanceof String)) {
            throw new AssertionError("not {\"error\": ...}: " + body);
        }
        return (String) m.get("error");
    }

    static ServeSettings settings(Path model, int maxBatch, long maxBody, int threads, int watch) {
        // 2 s for a request to arrive: the first server of the test JVM sets it for all
        return new ServeSettings(model, "127.0.0.1", 0, maxBody, maxBatch, threads, watch, 10, 2);
    }
}
