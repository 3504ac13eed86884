/**
 * Model files: {@link dev.backprop.io.ModelFile} saves and loads a {@link dev.backprop.io.Model}
 * (network, loss, class names, input scaling, training settings, seed) in the safetensors format,
 * so that Python's {@code safetensors} or NumPy can read the weights, and
 * {@link dev.backprop.io.CheckpointFile} saves and loads training checkpoints in the same format.
 * Both are schemas over one safetensors codec, which reads and writes files and streams.
 * Files are data only: loading parses numbers and names and never runs code.
 */
package dev.backprop.io;
