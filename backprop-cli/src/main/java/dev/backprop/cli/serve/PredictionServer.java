package dev.backprop.cli.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backprop.cli.options.ModelOptions;
import dev.backprop.cli.output.CliException;
import dev.backprop.cli.output.JsonOut;
import dev.backprop.data.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A model's predictions over HTTP/JSON: {@code POST /predict}, {@code GET /health},
 * {@code GET /model} and {@code POST /reload}, on the JDK's {@code com.sun.net.httpserver} with a
 * fixed pool of threads. A request reads the served model once, so one that is in flight while the
 * model is reloaded finishes with the model it started with.
 */
public final class PredictionServer {
    private final ServeSettings settings;
    private final Consumer<String> log;
    private final HttpServer http;
    private final ExecutorService pool;
    private final ScheduledExecutorService watcher;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object drain = new Object();
    private volatile ServedModel model;
    private volatile boolean stopping;
    /** The stamp of the last file the watcher tried, good or bad, so that a bad file is reported once. */
    private volatile ServedModel.Stamp tried;

    private PredictionServer(ServeSettings settings, Consumer<String> log, ServedModel model) throws IOException {
        this.settings = settings;
        this.log = log;
        this.model = model;
        this.tried = model.stamp();
        this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        this.pool = Executors.newFixedThreadPool(settings.threads(), threads("backprop-serve-"));
        this.watcher = Executors.newSingleThreadScheduledExecutor(threads("backprop-serve-watch-"));
        http.setExecutor(pool);
        http.createContext("/", this::exchange);
    }

    /**
     * Loads the model, then listens.
     *
     * @param settings how to run
     * @param log receives one line per event worth telling (a reload, a refused model file, a stop)
     * @return the running server
     * @throws IOException if the model cannot be loaded (one-line message) or the address cannot be bound
     */
    public static PredictionServer start(ServeSettings settings, Consumer<String> log) throws IOException {
        // The JDK server reads these once, when its first instance is made: without the first two a
        // client that sends half a request holds a thread until it gives up.
        String limit = Integer.toString(settings.requestSeconds());
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", limit);
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", limit);
        // The answer leaves in two writes (headers, body): with Nagle's algorithm the second waits
        // for the client's delayed ACK, about 40 ms per request on Linux.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        PredictionServer s = new PredictionServer(settings, log, ServedModel.load(settings.model()));
        s.http.start();
        if (settings.watchSeconds() > 0) {
            s.watcher.scheduleWithFixedDelay(s::watch, settings.watchSeconds(), settings.watchSeconds(),
                    TimeUnit.SECONDS);
        }
        return s;
    }

    /** @return the port it listens on (the one picked, for port 0) */
    public int port() {
        return http.getAddress().getPort();
    }

    /** @return {@code http://HOST:PORT} */
    public String url() {
        String host = http.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** @return the SHA-256 of the model file now served */
    public String modelSha256() {
        return model.sha256();
    }

    /** @return requests being answered now */
    int inFlight() {
        return inFlight.get();
    }

    /** @return whether a stop has begun */
    boolean stopping() {
        return stopping;
    }

    /**
     * Loads the model file again and, if it is a valid model, serves it from the next request on;
     * otherwise keeps the model it serves and logs one line.
     *
     * @return null when the new model serves, else why it was refused
     */
    public synchronized String reload() {
        ServedModel old = model;
        try {
            ServedModel m = ServedModel.load(settings.model());
            tried = m.stamp();
            model = m;
            log.accept("reloaded " + settings.model() + " (sha256 " + m.sha256() + ")");
            return null;
        } catch (IOException | RuntimeException e) {
            String why = CliException.oneLine(e.getMessage());
            log.accept("reload of " + settings.model() + " refused, still serving the model loaded at "
                    + old.loadedAt() + ": " + why);
            return why;
        }
    }

    private void watch() {
        try {
            ServedModel.Stamp now = ServedModel.Stamp.of(settings.model());
            if (!now.equals(tried)) {
                tried = now;
                reload();
            }
        } catch (IOException | RuntimeException e) {
            // the file is being replaced or is gone for now: the served model stays, and the next look tries again
        }
    }

    /**
     * Stops gracefully: no new connection is accepted, a request that arrives on an open one gets
     * 503, requests in flight finish (for up to the grace period), then the threads end. The path
     * of SIGTERM; returns once stopped, also when another thread began the stop.
     */
    public void stop() {
        synchronized (drain) {
            if (stopping) {
                awaitStop();
                return;
            }
            stopping = true;
        }
        watcher.shutdownNow();
        // HttpServer.stop(grace) closes the listener at once, then waits; on JDK 17 it waits the
        // whole grace period even with nothing in flight, so the wait is ours and stop(0) ends its.
        Thread closer = new Thread(() -> http.stop(settings.graceSeconds()), "backprop-serve-stop");
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.graceSeconds());
        synchronized (drain) {
            for (long left; inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drain, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int left = inFlight.get();
        http.stop(0);
        try {
            closer.join();
            pool.shutdown();
            pool.awaitTermination(settings.graceSeconds() + 1L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.accept("stopped" + (left > 0 ? "; " + left + " request(s) were still running after the grace period of "
                + settings.graceSeconds() + " s" : ""));
        stopped.countDown();
    }

    /** Waits until the server has stopped. */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange ex) {
        try {
            if (!enter()) {
                ex.getResponseHeaders().set("Connection", "close");
                send(ex, 503, error("the server is shutting down"));
                return;
            }
            try {
                route(ex);
            } finally {
                leave();
            }
        } catch (IOException e) {
            // the client went away or was too slow (sun.net.httpserver.maxReqTime): nobody to answer
        } catch (RuntimeException e) {
            log.accept("internal error on " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ": "
                    + CliException.oneLine(String.valueOf(e)));
            try {
                send(ex, 500, error("internal error: " + e));
            } catch (IOException | RuntimeException again) {
                // the answer could not be sent either
            }
        } finally {
            ex.close();
        }
    }

    private boolean enter() {
        synchronized (drain) {
            if (stopping) {
                return false;
            }
            inFlight.incrementAndGet();
            return true;
        }
    }

    private void leave() {
        synchronized (drain) {
            inFlight.decrementAndGet();
            drain.notifyAll();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String allowed;
        switch (path) {
            case "/predict": allowed = "POST"; break;
            case "/reload": allowed = "POST"; break;
            case "/health": allowed = "GET"; break;
            case "/model": allowed = "GET"; break;
            default:
                send(ex, 404, error("no such path " + path + "; expected POST /predict, GET /health, GET /model or "
                        + "POST /reload"));
                return;
        }
        if (!method.equals(allowed)) {
            ex.getResponseHeaders().set("Allow", allowed);
            send(ex, 405, error(method + " " + path + ": method not allowed; expected " + allowed));
            return;
        }
        switch (path) {
            case "/predict": predict(ex); break;
            case "/reload": reloaded(ex); break;
            case "/health": send(ex, 200, JsonOut.write(Map.of("status", "ok")) + "\n"); break;
            default: send(ex, 200, JsonOut.write(model.describe()) + "\n"); break;
        }
    }

    private void reloaded(HttpExchange ex) throws IOException {
        String why = reload();
        ServedModel m = model;
        if (why != null) {
            send(ex, 409, error("the model file was refused, the model loaded at " + m.loadedAt() + " still serves: "
                    + why));
        } else {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("status", "reloaded");
            done.put("sha256", m.sha256());
            done.put("loaded_at", m.loadedAt().toString());
            send(ex, 200, JsonOut.write(done) + "\n");
        }
    }

    private void predict(HttpExchange ex) throws IOException {
        long cap = settings.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        // the JDK has refused a Content-Length that is not a number; a chunked body has none
        if (declared != null && Long.parseLong(declared.strip()) > cap) {
            send(ex, 413, error("the body is " + declared.strip() + " bytes, over --max-body-bytes " + cap));
            return;
        }
        ServedModel m = model;
        Worker w = workers.get();
        int width = m.network().inputSize();
        try {
            int rows;
            try (InputStream in = new CappedInput(ex.getRequestBody(), cap); JsonParser p = JsonOut.tokens(in)) {
                rows = RequestReader.read(p, width, settings.maxBatch(), w);
            }
            float[] x = w.inputs(rows * width);
            float[] y = w.outputs(rows * m.info().outputs());
            boolean single = w.single;
            ModelOptions.outputs(m.file(), m.model(), w.inference(m), x, rows, y, r -> RequestReader.name(single ? -1 : r),
                    m::columnName, c -> RequestReader.name(single ? -1 : c));
            Answer.write(m, y, rows, w.text);
            send(ex, 200, w.text);
        } catch (BadRequest e) {
            send(ex, e.status(), error(e.getMessage()));
        } catch (CappedInput.TooLarge e) {
            send(ex, 413, error(e.getMessage()));
        } catch (JsonProcessingException e) {
            send(ex, 400, error("the body is not JSON: " + e.getOriginalMessage().replaceAll(
                    "\\[Source: [^;\\]]*; (line: \\d+, column: \\d+)\\]", "$1") + where(e.getLocation())));
        } catch (CliException e) {
            send(ex, 400, error(e.getMessage()));
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String error(String message) {
        return JsonOut.write(Map.of("error", Printable.line(CliException.oneLine(message)))) + "\n";
    }

    private static void send(HttpExchange ex, int status, CharSequence body) throws IOException {
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
