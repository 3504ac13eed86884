/**
 * Export to ONNX, certified: {@link dev.backprop.onnx.OnnxExport} writes a model as an ONNX model
 * (opset 13) that ONNX Runtime and other runtimes load, after reading the bytes back and checking
 * that the decoded graph computes the network's predictions within float32 rounding
 * ({@link dev.backprop.onnx.OnnxCertificate}).
 *
 * <p>The package writes and reads the protobuf wire format itself, for the ten ONNX message types
 * a fully connected network needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto and its Tensor, TensorShapeProto and its Dimension,
 * OperatorSetIdProto, StringStringEntryProto): a varint and length-delimited writer and reader of
 * a few hundred lines, where a protobuf library would put a runtime dependency on every user of
 * the core, which has none. The field numbers are those of {@code onnx/onnx.proto}; the tests load
 * every model they export into ONNX Runtime, which checks the encoding against the real schema.
 */
package dev.backprop.onnx;
