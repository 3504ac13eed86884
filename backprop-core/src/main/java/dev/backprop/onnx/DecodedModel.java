package dev.backprop.onnx;

import dev.backprop.onnx.OnnxSchema.AttributeProto;
import dev.backprop.onnx.OnnxSchema.GraphProto;
import dev.backprop.onnx.OnnxSchema.ModelProto;
import dev.backprop.onnx.OnnxSchema.NodeProto;
import dev.backprop.onnx.OnnxSchema.OperatorSetIdProto;
import dev.backprop.onnx.OnnxSchema.StringStringEntryProto;
import dev.backprop.onnx.OnnxSchema.TensorProto;
import dev.backprop.onnx.OnnxSchema.TypeProto;
import dev.backprop.onnx.OnnxSchema.ValueInfoProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model as read back from its bytes, of the subset the exporter writes: what the
 * certificate evaluates, so that it checks the bytes and not the objects they were made from.
 * Fields of other types and unknown fields are skipped, as protobuf readers do.
 *
 * @param irVersion ModelProto.ir_version
 * @param opsets operator set versions by domain ("" the default domain)
 * @param graph the graph
 * @param metadata ModelProto.metadata_props in file order
 */
record DecodedModel(long irVersion, Map<String, Long> opsets, Graph graph, Map<String, String> metadata) {

    /**
     * @param nodes the nodes in file order (ONNX requires a topological order)
     * @param initializers constant tensors by name
     * @param inputs the graph's inputs
     * @param outputs the graph's outputs
     */
    record Graph(List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {
    }

    /**
     * @param opType the operator
     * @param domain its domain, "" for the default
     * @param inputs input value names
     * @param outputs output value names
     * @param attributes by name
     */
    record Node(String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {
        /** @return the INT attribute's value, or {@code otherwise} when absent */
        long intAttribute(String name, long otherwise) {
            Attribute a = attributes.get(name);
            return a == null ? otherwise : a.i();
        }

        /** @return the FLOAT attribute's value, or {@code otherwise} when absent */
        float floatAttribute(String name, float otherwise) {
            Attribute a = attributes.get(name);
            return a == null ? otherwise : a.f();
        }
    }

    /**
     * @param name the name
     * @param type AttributeType (1 FLOAT, 2 INT)
     * @param f the float value
     * @param i the int value
     */
    record Attribute(String name, int type, float f, long i) {
    }

    /**
     * @param name the name
     * @param dataType TensorProto.DataType
     * @param dims the shape
     * @param values the float32 values, from raw_data or float_data
     * @param external whether data_location says the data is in another file
     */
    record Tensor(String name, int dataType, long[] dims, float[] values, boolean external) {
    }

    /**
     * @param name the value's name
     * @param elemType the tensor element type
     * @param dims each dimension as its number, or its symbolic name
     */
    record ValueInfo(String name, int elemType, List<String> dims) {
    }

    /**
     * Reads a ModelProto.
     *
     * @param bytes the bytes
     * @return what they hold
     * @throws IllegalArgumentException for malformed bytes, naming the offset
     */
    static DecodedModel decode(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
        long ir = -1;
        Map<String, Long> opsets = new LinkedHashMap<>();
        Graph graph = null;
        Map<String, String> meta = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.number()) {
                case ModelProto.IR_VERSION -> ir = r.varint();
                case ModelProto.OPSET_IMPORT -> opset(r.message(), opsets);
                case ModelProto.GRAPH -> graph = graph(r.message());
                case ModelProto.METADATA_PROPS -> entry(r.message(), meta);
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("ONNX bytes: expected a graph, the ModelProto has none");
        }
        return new DecodedModel(ir, opsets, graph, meta);
    }

    private static void opset(ProtoReader r, Map<String, Long> opsets) {
        String domain = "";
        long version = -1;
        while (r.next()) {
            switch (r.number()) {
                case OperatorSetIdProto.DOMAIN -> domain = r.string();
                case OperatorSetIdProto.VERSION -> version = r.varint();
                default -> r.skip();
            }
        }
        opsets.put(domain, version);
    }

    private static void entry(ProtoReader r, Map<String, String> into) {
        String key = "";
        String value = "";
        while (r.next()) {
            switch (r.number()) {
                case StringStringEntryProto.KEY -> key = r.string();
                case StringStringEntryProto.VALUE -> value = r.string();
                default -> r.skip();
            }
        }
        into.put(key, value);
    }

    private static Graph graph(ProtoReader r) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> init = new LinkedHashMap<>();
        List<ValueInfo> in = new ArrayList<>();
        List<ValueInfo> out = new ArrayList<>();
        while (r.next()) {
            switch (r.number()) {
                case GraphProto.NODE -> nodes.add(node(r.message()));
                case GraphProto.INITIALIZER -> {
                    Tensor t = tensor(r.message());
                    init.put(t.name(), t);
                }
                case GraphProto.INPUT -> in.add(valueInfo(r.message()));
                case GraphProto.OUTPUT -> out.add(valueInfo(r.message()));
                default -> r.skip();
            }
        }
        return new Graph(nodes, init, in, out);
    }

    private static Node node(ProtoReader r) {
        String op = "";
        String domain = "";
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.number()) {
                case NodeProto.INPUT -> in.add(r.string());
                case NodeProto.OUTPUT -> out.add(r.string());
                case NodeProto.OP_TYPE -> op = r.string();
                case NodeProto.DOMAIN -> domain = r.string();
                case NodeProto.ATTRIBUTE -> {
                    Attribute a = attribute(r.message());
                    attrs.put(a.name(), a);
                }
                default -> r.skip();
            }
        }
        return new Node(op, domain, in, out, attrs);
    }

    private static Attribute attribute(ProtoReader r) {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        while (r.next()) {
            switch (r.number()) {
                case AttributeProto.NAME -> name = r.string();
                case AttributeProto.TYPE -> type = (int) r.varint();
                case AttributeProto.F -> f = r.float32();
                case AttributeProto.I -> i = r.varint();
                default -> r.skip();
            }
        }
        return new Attribute(name, type, f, i);
    }

    private static Tensor tensor(ProtoReader r) {
        String name = "";
        int type = 0;
        List<Long> dims = new ArrayList<>();
        float[] values = new float[0];
        boolean external = false;
        while (r.next()) {
            switch (r.number()) {
                case TensorProto.DIMS -> dims.add(r.varint());
                case TensorProto.DATA_TYPE -> type = (int) r.varint();
                case TensorProto.NAME -> name = r.string();
                case TensorProto.RAW_DATA -> values = r.rawFloats();
                case TensorProto.FLOAT_DATA -> values = r.wireType() == ProtoMessage.LENGTH_DELIMITED
                        ? r.rawFloats() : append(values, r.float32());
                case TensorProto.DATA_LOCATION -> external = r.varint() == 1;
                default -> r.skip();
            }
        }
        return new Tensor(name, type, dims.stream().mapToLong(Long::longValue).toArray(), values, external);
    }

    private static float[] append(float[] a, float v) {
        float[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static ValueInfo valueInfo(ProtoReader r) {
        String name = "";
        int elem = 0;
        List<String> dims = new ArrayList<>();
        while (r.next()) {
            switch (r.number()) {
                case ValueInfoProto.NAME -> name = r.string();
                case ValueInfoProto.TYPE -> {
                    ProtoReader type = r.message();
                    while (type.next()) {
                        if (type.number() == TypeProto.TENSOR_TYPE) {
                            elem = tensorType(type.message(), dims);
                        } else {
                            type.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new ValueInfo(name, elem, dims);
    }

    private static int tensorType(ProtoReader r, List<String> dims) {
        int elem = 0;
        while (r.next()) {
            if (r.number() == TypeProto.ELEM_TYPE) {
                elem = (int) r.varint();
            } else if (r.number() == TypeProto.SHAPE) {
                ProtoReader shape = r.message();
                while (shape.next()) {
                    if (shape.number() == TypeProto.DIM) {
                        dims.add(dimension(shape.message()));
                    } else {
                        shape.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return elem;
    }

    private static String dimension(ProtoReader r) {
        String d = "?";
        while (r.next()) {
            switch (r.number()) {
                case TypeProto.DIM_VALUE -> d = Long.toString(r.varint());
                case TypeProto.DIM_PARAM -> d = r.string();
                default -> r.skip();
            }
        }
        return d;
    }

    /** @return one line: input, each node's operator and the output, e.g. {@code X[N,64] → Gemm(30×64) → Sigmoid → … → Y[N,10]} */
    String summary() {
        StringBuilder sb = new StringBuilder();
        for (ValueInfo v : graph.inputs()) {
            sb.append(v.name()).append('[').append(String.join(",", v.dims())).append(']');
        }
        for (Node n : graph.nodes()) {
            sb.append(" → ").append(n.opType());
            if (n.opType().equals("Gemm") && n.inputs().size() > 1) {
                Tensor w = graph.initializers().get(n.inputs().get(1));
                if (w != null && w.dims().length == 2) {
                    sb.append('(').append(w.dims()[0]).append('×').append(w.dims()[1]).append(')');
                }
            } else if (n.opType().equals("LeakyRelu")) {
                sb.append("(alpha=").append(n.floatAttribute("alpha", 0.01f)).append(')');
            }
        }
        for (ValueInfo v : graph.outputs()) {
            sb.append(" → ").append(v.name()).append('[').append(String.join(",", v.dims())).append(']');
        }
        return sb.toString();
    }
}
