/**
 * The data a command reads: CSV files or IDX images and labels, plain or gzip, told apart by their
 * first bytes, checked against the training data or the model they are for; and the column names a
 * model file keeps for that check.
 */
package dev.backprop.cli.input;
