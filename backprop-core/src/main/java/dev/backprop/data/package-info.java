/**
 * Data held for training: {@link dev.backprop.data.Dataset} (inputs and targets, case after case),
 * seeded splits and class decisions.
 */
package dev.backprop.data;
