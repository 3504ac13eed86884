/**
 * The {@code backprop} command (picocli): {@link dev.backprop.cli.Main} is the entry point, which
 * wires the commands of {@link dev.backprop.cli.commands} under one root, turns failures into one
 * line and an exit code, and runs a command line in or out of process.
 */
package dev.backprop.cli;
