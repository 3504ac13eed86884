/**
 * The {@code backprop} command (picocli): {@code train}, {@code evaluate}, {@code predict},
 * {@code gradcheck}, {@code explain}, {@code demo} and {@code bench}. {@link dev.backprop.cli.Main}
 * is the entry point; each command is one class; data loading, progress output, plots and
 * atomic file writes each have their own class.
 */
package dev.backprop.cli;
