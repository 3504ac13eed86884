/**
 * Backprop's core: networks, the seed's backpropagation equations, losses, optimizers, training,
 * data, model files and their export to ONNX. Every package is exported except
 * {@code dev.backprop.math.simd}, the Vector API kernels, which are reached only through
 * {@link dev.backprop.math.Kernels}. The Vector API is an optional dependency: without {@code --add-modules jdk.incubator.vector} the SIMD classes are
 * never loaded and the scalar kernels run.
 */
module dev.backprop.core {
    requires static jdk.incubator.vector;

    exports dev.backprop.check;
    exports dev.backprop.data;
    exports dev.backprop.io;
    exports dev.backprop.math;
    exports dev.backprop.metrics;
    exports dev.backprop.nn;
    exports dev.backprop.onnx;
    exports dev.backprop.optim;
    exports dev.backprop.reference;
    exports dev.backprop.train;
}
