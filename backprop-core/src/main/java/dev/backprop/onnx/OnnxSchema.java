package dev.backprop.onnx;

/**
 * The field numbers of the ONNX messages the exporter writes and its checker reads back, from
 * {@code onnx/onnx.proto} (proto2); one home for both, so that writer and reader cannot drift
 * apart on a number (an error there would show as a model ONNX Runtime refuses, which the tests
 * load). Only the fields used are listed.
 */
final class OnnxSchema {
    /** ONNX's IR version for opset 13 (ONNX 1.8, docs/Versioning.md). */
    static final long IR_VERSION = 7;
    /** The default domain's operator set: Softmax there normalises over one axis (the last by default). */
    static final long OPSET = 13;
    /** TensorProto.DataType FLOAT. */
    static final int FLOAT = 1;
    /** AttributeProto.AttributeType FLOAT and INT. */
    static final int ATTR_FLOAT = 1;
    static final int ATTR_INT = 2;

    private OnnxSchema() {
    }

    /** ModelProto. */
    static final class ModelProto {
        static final int IR_VERSION = 1;
        static final int PRODUCER_NAME = 2;
        static final int PRODUCER_VERSION = 3;
        static final int DOC_STRING = 6;
        static final int GRAPH = 7;
        static final int OPSET_IMPORT = 8;
        static final int METADATA_PROPS = 14;

        private ModelProto() {
        }
    }

    /** OperatorSetIdProto. */
    static final class OperatorSetIdProto {
        static final int DOMAIN = 1;
        static final int VERSION = 2;

        private OperatorSetIdProto() {
        }
    }

    /** StringStringEntryProto. */
    static final class StringStringEntryProto {
        static final int KEY = 1;
        static final int VALUE = 2;

        private StringStringEntryProto() {
        }
    }

    /** GraphProto. */
    static final class GraphProto {
        static final int NODE = 1;
        static final int NAME = 2;
        static final int INITIALIZER = 5;
        static final int INPUT = 11;
        static final int OUTPUT = 12;

        private GraphProto() {
        }
    }

    /** NodeProto. */
    static final class NodeProto {
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int NAME = 3;
        static final int OP_TYPE = 4;
        static final int ATTRIBUTE = 5;
        static final int DOMAIN = 7;

        private NodeProto() {
        }
    }

    /** AttributeProto. */
    static final class AttributeProto {
        static final int NAME = 1;
        static final int F = 2;
        static final int I = 3;
        static final int TYPE = 20;

        private AttributeProto() {
        }
    }

    /** TensorProto. */
    static final class TensorProto {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int FLOAT_DATA = 4;
        static final int NAME = 8;
        static final int RAW_DATA = 9;
        static final int DATA_LOCATION = 14;

        private TensorProto() {
        }
    }

    /** ValueInfoProto. */
    static final class ValueInfoProto {
        static final int NAME = 1;
        static final int TYPE = 2;

        private ValueInfoProto() {
        }
    }

    /** TypeProto, with TypeProto.Tensor, TensorShapeProto and TensorShapeProto.Dimension. */
    static final class TypeProto {
        static final int TENSOR_TYPE = 1;
        static final int ELEM_TYPE = 1;
        static final int SHAPE = 2;
        static final int DIM = 1;
        static final int DIM_VALUE = 1;
        static final int DIM_PARAM = 2;

        private TypeProto() {
        }
    }
}
