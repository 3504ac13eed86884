/**
 * What a command says and writes: one-line errors with their exit codes, progress and JSON lines,
 * Markdown tables, PNG plots, run records, the version, and output files written whole or not at
 * all. Depends on no other package of the command line.
 */
package dev.backprop.cli.output;
