/**
 * One class per command: {@code demo}, {@code train}, {@code evaluate}, {@code predict},
 * {@code gradcheck}, {@code explain}, {@code compare}, {@code bench} and {@code serve}. A command reads its
 * options ({@link dev.backprop.cli.options}), its data ({@link dev.backprop.cli.input}) and says
 * and writes what it found through {@link dev.backprop.cli.output}.
 */
package dev.backprop.cli.commands;
