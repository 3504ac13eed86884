/**
 * {@code backprop serve}: a model's predictions over HTTP/JSON, on the JDK's own
 * {@code com.sun.net.httpserver}. A request's rows are parsed straight into a per-thread buffer,
 * scaled and run through the core's inference on the path {@code backprop predict} takes
 * ({@link dev.backprop.cli.options.ModelOptions#outputs}), so the same rows give the same bits.
 * The served model is one volatile reference, swapped whole when the file is reloaded.
 */
package dev.backprop.cli.serve;
