/**
 * Optimizers that turn ∂E/∂w into a step: the seed's gradient descent, momentum (in RHW's or
 * PyTorch's form), Nesterov, AdaGrad, RMSProp and Adam, with L2 weight decay, each with a builder
 * that names its settings, and learning-rate schedules.
 */
package dev.backprop.optim;
