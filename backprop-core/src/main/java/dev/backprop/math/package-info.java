/**
 * Matrix kernels: the {@link dev.backprop.math.Kernels} interface that the backpropagation
 * equations call, and its plain-Java reference implementation.
 */
package dev.backprop.math;
