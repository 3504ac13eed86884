package dev.backprop.cli.serve;

import static dev.backprop.cli.serve.ServeFixtures.batch;
import static dev.backprop.cli.serve.ServeFixtures.error;
import static dev.backprop.cli.serve.ServeFixtures.get;
import static dev.backprop.cli.serve.ServeFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backprop.cli.Main;
import dev.backprop.cli.output.RunRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads under load, a stop with a request in flight, a client that sends half a request, and a
 * real SIGTERM. No assertion on time: waits are for states, bounded only to fail instead of hanging.
 */
class ServerLifecycleTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path modelA;
    static Path modelB;
    static String body;

    @BeforeAll
    static void models() throws IOException {
        data = ServeFixtures.data(dir, "blobs.csv", true, 120, 1);
        modelA = ServeFixtures.train(data, true, 3, dir.resolve("a.safetensors"));
        modelB = ServeFixtures.train(data, true, 5, dir.resolve("b.safetensors"));
        body = batch(ServeFixtures.rows(data, 4).subList(0, 20));
    }

    @Test
    void aReloadUnderLoadFailsNoRequestAndServesTheNewModelAfter() throws Exception {
        Path served = dir.resolve("served.safetensors");
        Files.copy(modelA, served, StandardCopyOption.REPLACE_EXISTING);
        PredictionServer s = PredictionServer.start(ServeFixtures.settings(served, 100, 1 << 20, 4, 0), m -> { });
        PredictionServer b = PredictionServer.start(ServeFixtures.settings(modelB, 100, 1 << 20, 1, 0), m -> { });
        String answerA = post(s.url(), "/predict", body).body();
        String answerB = post(b.url(), "/predict", body).body();
        b.stop();
        assertFalse(answerA.equals(answerB), "the two models answer alike; the test could not tell them apart");
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean reloaded = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            clients.add(new Thread(() -> {
                while (!done.get()) {
                    boolean after = reloaded.get();
                    try {
                        HttpResponse<String> r = post(s.url(), "/predict", body);
                        boolean ok = r.statusCode() == 200 && (r.body().equals(answerB)
                                || !after && r.body().equals(answerA));
                        if (!ok) {
                            wrong.add((after ? "after the reload: " : "") + r.statusCode() + " " + r.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        wrong.add(e.toString());
                    }
                    answered.incrementAndGet();
                }
            }));
        }
        clients.forEach(Thread::start);
        awaitState(() -> answered.get() >= 40, "40 answers before the reload");
        replace(modelB, served);
        HttpResponse<String> r = post(s.url(), "/reload", "");
        reloaded.set(true);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(RunRecord.sha256(modelB)), r.body());
        assertEquals(answerB, post(s.url(), "/predict", body).body());
        int mark = answered.get();
        awaitState(() -> answered.get() >= mark + 40, "40 answers after the reload");
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "not a model");
        replace(bad, served);
        HttpResponse<String> refused = post(s.url(), "/reload", "");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(error(refused).contains("still serves"), refused.body());
        assertEquals(answerB, post(s.url(), "/predict", body).body());
        done.set(true);
        for (Thread c : clients) {
            c.join();
        }
        s.stop();
        assertEquals(List.of(), wrong);
    }

    @Test
    void aWatchedFileIsReloadedWhenReplaced() throws Exception {
        Path served = dir.resolve("watched.safetensors");
        Files.copy(modelA, served, StandardCopyOption.REPLACE_EXISTING);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        PredictionServer s = PredictionServer.start(ServeFixtures.settings(served, 100, 1 << 20, 2, 1), log::add);
        String answerA = post(s.url(), "/predict", body).body();
        replace(modelB, served);
        String shaB = RunRecord.sha256(modelB);
        awaitState(() -> s.modelSha256().equals(shaB), "the watcher to load the new file");
        assertFalse(post(s.url(), "/predict", body).body().equals(answerA));
        Path bad = dir.resolve("bad2.safetensors");
        Files.writeString(bad, "not a model either");
        replace(bad, served);
        awaitState(() -> log.size() >= 2, "the watcher to refuse the bad file");
        assertEquals(shaB, s.modelSha256());
        assertTrue(log.get(1).startsWith("reload of " + served + " refused, still serving"), log.toString());
        s.stop();
    }

    @Test
    void aStopLetsTheRequestInFlightFinish() throws Exception {
        PredictionServer s = PredictionServer.start(ServeFixtures.settings(modelA, 100, 1 << 20, 2, 0), m -> { });
        String expected = post(s.url(), "/predict", body).body();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (Socket c = new Socket("127.0.0.1", s.port())) {
            c.setSoTimeout(60_000);
            OutputStream o = c.getOutputStream();
            o.write(head(b.length));
            o.write(b, 0, b.length / 2);
            o.flush();
            awaitState(() -> s.inFlight() == 1, "the request to be in flight");
            Thread stop = new Thread(s::stop);
            stop.start();
            awaitState(s::stopping, "the stop to begin");
            awaitState(() -> refused(s.port()), "the listener to close");
            o.write(b, b.length / 2, b.length - b.length / 2);
            o.flush();
            String answer = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertEquals(expected, answer.substring(answer.indexOf("\r\n\r\n") + 4));
            stop.join();
        }
    }

    @Test
    void aClientThatSendsHalfARequestHoldsNobodyElse() throws Exception {
        PredictionServer s = PredictionServer.start(ServeFixtures.settings(modelA, 100, 1 << 20, 2, 0), m -> { });
        String expected = post(s.url(), "/predict", body).body();
        try (Socket slow = new Socket("127.0.0.1", s.port())) {
            slow.setSoTimeout(30_000);
            slow.getOutputStream().write(head(1000));
            slow.getOutputStream().write("{\"inputs\": [[1".getBytes(StandardCharsets.UTF_8));
            slow.getOutputStream().flush();
            awaitState(() -> s.inFlight() == 1, "the slow request to be in flight");
            for (int i = 0; i < 20; i++) {
                assertEquals(expected, post(s.url(), "/predict", body).body());
            }
            // the server gives up on it (--request-seconds) and frees its thread
            try {
                InputStream in = slow.getInputStream();
                in.readAllBytes();
            } catch (SocketTimeoutException e) {
                fail("the server kept the slow connection open for 30 s");
            } catch (IOException reset) {
                // closed by the server: what should happen
            }
            awaitState(() -> s.inFlight() == 0, "the slow request's thread to be freed");
        }
        s.stop();
    }

    @Test
    void sigtermStopsTheCommandWithExitZero() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--model",
                modelA.toString(), "--port", "0", "--threads", "2");
        Process child = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.matches("serving .*a\\.safetensors on http://127\\.0\\.0\\.1:\\d+"),
                    line + " / " + Files.readString(dir.resolve("err.txt")));
            String url = line.substring(line.indexOf("http://"));
            assertEquals("{\"status\":\"ok\"}\n", get(url, "/health").body());
            child.destroy();
            assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "still running after SIGTERM");
            String err = Files.readString(dir.resolve("err.txt"));
            assertEquals(0, child.exitValue(), err);
            assertTrue(err.contains("backprop serve: stopped"), err);
        } finally {
            child.destroyForcibly();
        }
    }

    private static byte[] head(int length) {
        return ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean refused(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A file replaced as `train --out` replaces one: written beside it, then renamed over it. */
    private static void replace(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits for a state; the bound only turns a hang into a failure. */
    private static void awaitState(BooleanSupplier state, String what) throws InterruptedException {
        for (int i = 0; i < 6000 && !state.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(state.getAsBoolean(), "gave up waiting for " + what);
    }
}
