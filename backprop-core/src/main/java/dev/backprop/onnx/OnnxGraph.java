package dev.backprop.onnx;

import dev.backprop.data.Scaler;
import dev.backprop.nn.Activation;
import dev.backprop.nn.ParameterLayout;
import dev.backprop.onnx.OnnxSchema.AttributeProto;
import dev.backprop.onnx.OnnxSchema.GraphProto;
import dev.backprop.onnx.OnnxSchema.ModelProto;
import dev.backprop.onnx.OnnxSchema.NodeProto;
import dev.backprop.onnx.OnnxSchema.OperatorSetIdProto;
import dev.backprop.onnx.OnnxSchema.StringStringEntryProto;
import dev.backprop.onnx.OnnxSchema.TensorProto;
import dev.backprop.onnx.OnnxSchema.TypeProto;
import dev.backprop.onnx.OnnxSchema.ValueInfoProto;

import java.util.Map;

/**
 * Builds the ONNX ModelProto of a network: input {@code X} float [N, n_0] with N symbolic; the
 * scaling as {@code Sub} of {@code scaler.offset} then {@code Div} by {@code scaler.scale} (the
 * {@link Scaler}'s (x − offset) / scale, the same two float32 roundings, for min-max and standard
 * alike; no node for none); per layer a {@code Gemm} with {@code transB = 1} of
 * {@code layers.i.W} as stored (units × inputs) and {@code layers.i.b}, then the activation's node
 * (none for identity); the last output is {@code Y}. Tensors are named as in the model file.
 */
final class OnnxGraph {
    /** Protobuf refuses to parse a message of more bytes than this, so ONNX runtimes do too. */
    static final long PROTOBUF_LIMIT = Integer.MAX_VALUE;

    private OnnxGraph() {
    }

    /**
     * The ModelProto, sized but not yet written.
     *
     * @param layout the layer sizes
     * @param activations one per layer
     * @param params the flat parameters in {@code layout}'s order (read only when written)
     * @param scaling the input scaling
     * @param metadata the entries of {@code metadata_props}
     * @param producerVersion the library version, for {@code producer_version}
     * @return the message
     * @throws IllegalArgumentException for an activation ONNX has no operator for, or a model whose
     *         bytes would pass protobuf's 2 GB limit
     */
    static ProtoMessage model(ParameterLayout layout, Activation[] activations, float[] params, Scaler scaling,
                              Map<String, String> metadata, String producerVersion) {
        ProtoMessage graph = new ProtoMessage().string(GraphProto.NAME, "backprop");
        String x = "X";
        if (!scaling.kind().equals(Scaler.NONE)) {
            float[] offset = scaling.offsets();
            float[] scale = scaling.scales();
            graph.message(GraphProto.NODE, node("Sub", "scale.sub", x, "scaler.offset", "scaled.centred"));
            graph.message(GraphProto.NODE, node("Div", "scale.div", "scaled.centred", "scaler.scale", "scaled"));
            graph.message(GraphProto.INITIALIZER, tensor("scaler.offset", offset, 0, offset.length));
            graph.message(GraphProto.INITIALIZER, tensor("scaler.scale", scale, 0, scale.length));
            x = "scaled";
        }
        int last = layout.layers() - 1;
        for (int i = 0; i <= last; i++) {
            String w = "layers." + i + ".W";
            String b = "layers." + i + ".b";
            Activation act = activations[i];
            boolean identity = act instanceof Activation.Identity;
            String z = i == last && identity ? "Y" : "layers." + i + ".z";
            ProtoMessage gemm = node("Gemm", "layers." + i + ".gemm", x, w, b, z)
                    .message(NodeProto.ATTRIBUTE, intAttribute("transB", 1));
            graph.message(GraphProto.NODE, gemm);
            graph.message(GraphProto.INITIALIZER, tensor(w, params, layout.weightOffset(i), layout.units(i),
                    layout.inputs(i)));
            graph.message(GraphProto.INITIALIZER, tensor(b, params, layout.biasOffset(i), layout.units(i)));
            x = z;
            if (!identity) {
                String a = i == last ? "Y" : "layers." + i + ".a";
                graph.message(GraphProto.NODE, activation(act, i, z, a));
                x = a;
            }
        }
        graph.message(GraphProto.INPUT, valueInfo("X", layout.inputs(0)));
        graph.message(GraphProto.OUTPUT, valueInfo("Y", layout.units(last)));

        ProtoMessage model = new ProtoMessage()
                .varint(ModelProto.IR_VERSION, OnnxSchema.IR_VERSION)
                .message(ModelProto.OPSET_IMPORT, new ProtoMessage()
                        .string(OperatorSetIdProto.DOMAIN, "")
                        .varint(OperatorSetIdProto.VERSION, OnnxSchema.OPSET))
                .string(ModelProto.PRODUCER_NAME, "backprop")
                .string(ModelProto.PRODUCER_VERSION, producerVersion)
                .string(ModelProto.DOC_STRING, "A fully connected network exported by Backprop; "
                        + "metadata_props hold its model file's metadata.")
                .message(ModelProto.GRAPH, graph);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(ModelProto.METADATA_PROPS, new ProtoMessage()
                    .string(StringStringEntryProto.KEY, e.getKey())
                    .string(StringStringEntryProto.VALUE, e.getValue()));
        }
        if (model.size() > PROTOBUF_LIMIT) {
            throw new IllegalArgumentException("network " + layout + " with " + layout.size() + " parameters would "
                    + "take " + model.size() + " bytes in ONNX, above protobuf's 2 GB limit (" + PROTOBUF_LIMIT
                    + " bytes) that ONNX runtimes parse; this exporter writes no external data files");
        }
        return model;
    }

    /** The node of an activation, by its type: every activation of the core has an ONNX operator. */
    private static ProtoMessage activation(Activation act, int layer, String in, String out) {
        String name = "layers." + layer + ".act";
        if (act instanceof Activation.Sigmoid) {
            return node("Sigmoid", name, in, out);
        }
        if (act instanceof Activation.Tanh) {
            return node("Tanh", name, in, out);
        }
        if (act instanceof Activation.Relu) {
            return node("Relu", name, in, out);
        }
        if (act instanceof Activation.LeakyRelu l) {
            // the float32 kernels' slope, (float) slope: the attribute is a float
            return node("LeakyRelu", name, in, out).message(NodeProto.ATTRIBUTE, floatAttribute("alpha",
                    l.kernelSlope()));
        }
        if (act instanceof Activation.Softmax) {
            return node("Softmax", name, in, out).message(NodeProto.ATTRIBUTE, intAttribute("axis", -1));
        }
        throw unsupported(act.name(), layer);
    }

    private static IllegalArgumentException unsupported(String activation, int layer) {
        return new IllegalArgumentException("activation " + activation + " of layer index " + layer + " has no ONNX "
                + "operator the exporter knows; expected sigmoid, tanh, relu, leaky_relu, softmax or identity");
    }

    private static ProtoMessage node(String op, String name, String... inputsThenOutput) {
        ProtoMessage n = new ProtoMessage();
        for (int j = 0; j < inputsThenOutput.length - 1; j++) {
            n.string(NodeProto.INPUT, inputsThenOutput[j]);
        }
        return n.string(NodeProto.OUTPUT, inputsThenOutput[inputsThenOutput.length - 1])
                .string(NodeProto.NAME, name)
                .string(NodeProto.OP_TYPE, op);
    }

    private static ProtoMessage intAttribute(String name, long value) {
        // int64 attributes: a negative value (Softmax's axis -1) is its two's complement, 10 bytes
        return new ProtoMessage().string(AttributeProto.NAME, name)
                .varint(AttributeProto.TYPE, OnnxSchema.ATTR_INT)
                .signedVarint(AttributeProto.I, value);
    }

    private static ProtoMessage floatAttribute(String name, float value) {
        return new ProtoMessage().string(AttributeProto.NAME, name)
                .varint(AttributeProto.TYPE, OnnxSchema.ATTR_FLOAT)
                .float32(AttributeProto.F, value);
    }

    private static ProtoMessage tensor(String name, float[] data, int offset, int... dims) {
        ProtoMessage t = new ProtoMessage();
        long count = 1;
        for (int d : dims) {
            t.varint(TensorProto.DIMS, d);
            count *= d;
        }
        return t.varint(TensorProto.DATA_TYPE, OnnxSchema.FLOAT)
                .string(TensorProto.NAME, name)
                .rawFloats(TensorProto.RAW_DATA, data, offset, count);
    }

    private static ProtoMessage valueInfo(String name, int width) {
        ProtoMessage shape = new ProtoMessage()
                .message(TypeProto.DIM, new ProtoMessage().string(TypeProto.DIM_PARAM, "N"))
                .message(TypeProto.DIM, new ProtoMessage().varint(TypeProto.DIM_VALUE, width));
        ProtoMessage tensorType = new ProtoMessage().varint(TypeProto.ELEM_TYPE, OnnxSchema.FLOAT)
                .message(TypeProto.SHAPE, shape);
        return new ProtoMessage().string(ValueInfoProto.NAME, name)
                .message(ValueInfoProto.TYPE, new ProtoMessage().message(TypeProto.TENSOR_TYPE, tensorType));
    }
}
