package dev.backprop.cli.commands;

import dev.backprop.cli.output.CliException;
import dev.backprop.cli.serve.PredictionServer;
import dev.backprop.cli.serve.ServeSettings;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backprop serve}: a model's predictions over HTTP/JSON until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a model's predictions over HTTP/JSON: POST /predict with {\"inputs\": [[...], ...]} "
                + "or {\"input\": [...]}, GET /health, GET /model, POST /reload. The model's input scaling is "
                + "applied, as by 'predict'. The model file is reloaded when it changes; a bad new file leaves the "
                + "old model serving. SIGTERM stops it after the requests in flight (exit 0).",
            "Example:",
            "  backprop serve --model iris.safetensors --port 8080"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, paramLabel = "MODEL", description = "A model file written by "
            + "'backprop train'.")
    Path model;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port to listen on, 0 for any "
            + "free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen "
            + "on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "8388608", description = "Largest request "
            + "body; a larger one gets 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "1024", description = "Most rows in one request "
            + "(default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--threads", paramLabel = "N", description = "Threads answering requests (default: the "
            + "number of cores).")
    Integer threads;

    @Option(names = "--watch-seconds", paramLabel = "S", defaultValue = "1", description = "How often to look "
            + "whether the model file changed, 0 for never (POST /reload still works) (default: ${DEFAULT-VALUE}).")
    int watchSeconds;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "10", description = "How long a stop waits "
            + "for requests in flight (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--request-seconds", paramLabel = "S", defaultValue = "30", description = "How long a request "
            + "may take to arrive, and its answer to leave, before the connection is closed, so that a slow client "
            + "cannot hold a thread (default: ${DEFAULT-VALUE}).")
    int requestSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PredictionServer server;
        try {
            server = PredictionServer.start(settings(), line -> {
                err.println("backprop serve: " + line);
                err.flush();
            });
        } catch (BindException e) {
            throw new CliException(CliException.FAILURE, "--host " + host + " --port " + port + ": cannot listen ("
                    + e.getMessage() + ")");
        }
        out.println("serving " + model + " on " + server.url());
        out.flush();
        Thread hook = new Thread(() -> {
            server.stop();
            out.flush();
            err.flush();
            // The requests in flight are answered and nothing else is pending; the JVM would report
            // the signal as exit status 143, which service managers count as a failure.
            Runtime.getRuntime().halt(0);
        }, "backprop-serve-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is the one stopping the server; it ends the process
        }
        return 0;
    }

    private ServeSettings settings() {
        check(port >= 0 && port <= 65535, "--port " + port + ": expected 0..65535 (0: any free port)");
        check(maxBodyBytes >= 1, "--max-body-bytes " + maxBodyBytes + ": expected at least 1");
        check(maxBatch >= 1, "--max-batch " + maxBatch + ": expected at least 1");
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        check(t >= 1, "--threads " + t + ": expected at least 1");
        check(watchSeconds >= 0, "--watch-seconds " + watchSeconds + ": expected 0 (never) or more");
        check(graceSeconds >= 0, "--grace-seconds " + graceSeconds + ": expected 0 or more");
        check(requestSeconds >= 1, "--request-seconds " + requestSeconds + ": expected at least 1");
        return new ServeSettings(model, host, port, maxBodyBytes, maxBatch, t, watchSeconds, graceSeconds,
                requestSeconds);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw CliException.badInput(message);
        }
    }
}
