/**
 * Seeded starting weights: {@link dev.backprop.init.Initializer} (RHW uniform, Nielsen N(0,1),
 * Xavier/Glorot, He) and the reproducible random source {@link dev.backprop.init.Rng}.
 */
package dev.backprop.init;
