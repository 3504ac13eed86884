/**
 * Data held for training: {@link dev.backprop.data.Dataset} (inputs and targets, case after case),
 * seeded splits and class decisions; readers for IDX ({@link dev.backprop.data.Idx}) and CSV
 * ({@link dev.backprop.data.CsvReader}, {@link dev.backprop.data.CsvFormat}) files and streams,
 * read once within the bounds of {@link dev.backprop.data.InputLimits}, class names
 * ({@link dev.backprop.data.ClassNames}, with the bounds on a label column) and feature scaling
 * ({@link dev.backprop.data.Scaler}); {@link dev.backprop.data.Printable} makes text from files a
 * line that a terminal shows as it is.
 */
package dev.backprop.data;
