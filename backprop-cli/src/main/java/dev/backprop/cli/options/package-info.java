/**
 * Option groups that several commands share as picocli mixins: how to read CSV files, which model
 * and data to apply it to, the network, the optimizer, and how progress is reported. Each turns its
 * options into the core's objects and rejects a bad value with one line naming the option.
 */
package dev.backprop.cli.options;
