package dev.backprop.cli.serve;

import java.nio.file.Path;

/**
 * How {@code backprop serve} runs.
 *
 * @param model the model file, reloaded when it changes or on {@code POST /reload}
 * @param host the address to listen on (loopback unless told otherwise)
 * @param port the port, 0 for any free one
 * @param maxBodyBytes the largest request body read; a larger one gets 413
 * @param maxBatch the most rows one request may hold
 * @param threads the threads that answer requests, each with buffers of its own
 * @param watchSeconds how often the model file's modification time and size are compared, 0 for never
 * @param graceSeconds how long a stop waits for requests in flight
 * @param requestSeconds how long a request may take to arrive and its answer to leave before the
 *        connection is closed; the JDK server reads it once per JVM, so the first server's value holds
 *        (unless {@code -Dsun.net.httpserver.maxReqTime} and {@code maxRspTime} were given)
 */
public record ServeSettings(Path model, String host, int port, long maxBodyBytes, int maxBatch, int threads,
                            int watchSeconds, int graceSeconds, int requestSeconds) {
}
