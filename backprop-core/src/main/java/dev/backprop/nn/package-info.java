/**
 * Networks of fully connected layers and the seed's equations: {@link dev.backprop.nn.Network}
 * (shape, activations, flat parameters), {@link dev.backprop.nn.Backpropagation} (the forward pass
 * and the four equations of backpropagation over a mini-batch), {@link dev.backprop.nn.Activation},
 * {@link dev.backprop.nn.Loss} and the seeded starting weights of {@link dev.backprop.nn.Initializer}
 * (RHW uniform, Nielsen N(0,1), Xavier/Glorot, He).
 */
package dev.backprop.nn;
