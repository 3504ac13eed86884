/**
 * Networks of fully connected layers and the seed's equations: {@link dev.backprop.nn.Network}
 * (shape, activations, flat parameters), {@link dev.backprop.nn.Backpropagation} (the forward pass
 * and the four equations of backpropagation over a mini-batch), {@link dev.backprop.nn.Activation}
 * and {@link dev.backprop.nn.Loss}.
 */
package dev.backprop.nn;
