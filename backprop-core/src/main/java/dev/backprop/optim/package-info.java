/**
 * Optimizers that turn ∂E/∂w into a step: the seed's gradient descent, RHW momentum, Nesterov,
 * AdaGrad, RMSProp and Adam, with L2 weight decay, and learning-rate schedules.
 */
package dev.backprop.optim;
