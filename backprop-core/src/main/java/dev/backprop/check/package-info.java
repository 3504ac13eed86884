/**
 * The public gradient check: backpropagation against finite differences and the float32 path
 * against the double reference, worst relative error per layer.
 */
package dev.backprop.check;
