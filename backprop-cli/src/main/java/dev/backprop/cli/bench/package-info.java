/**
 * The benchmark networks N1, N2 and N3 ({@link dev.backprop.cli.bench.BenchConfig}, the one table
 * of them) and the end-to-end training benchmark that {@code backprop bench} runs on them. Depends
 * on the core only, so that backprop-bench can take the table from here without the rest of the
 * command line.
 */
package dev.backprop.cli.bench;
