package dev.backprop.onnx;

import dev.backprop.onnx.DecodedModel.Node;
import dev.backprop.onnx.DecodedModel.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a decoded ONNX graph in double precision, node by node as the file lists them, with loops of
 * its own: no code of the network's float32 kernels, so that what it computes is what the bytes
 * say and an exporter bug cannot cancel out against the same bug in the forward pass. It knows the
 * operators the exporter writes, with their ONNX semantics (opset 13): {@code Sub}, {@code Div}
 * and {@code Mul} with NumPy broadcasting of a vector over rows, {@code Gemm} with
 * {@code alpha}, {@code beta}, {@code transA}, {@code transB}, {@code Sigmoid}, {@code Tanh},
 * {@code Relu}, {@code LeakyRelu} ({@code alpha}, default 0.01), {@code Softmax} (over the
 * {@code axis}, default the last) and {@code Identity}; anything else is refused.
 */
final class GraphEvaluator {
    /** A value: a matrix of rows × cols, row-major; a vector is one row. */
    private record Value(int rows, int cols, double[] v) {
    }

    private GraphEvaluator() {
    }

    /**
     * The graph's single output for each case.
     *
     * @param model the decoded model
     * @param x the graph input, cases × width float32 values, case-major
     * @param cases the number of cases
     * @param width the input width
     * @return the output, cases × its width, case-major
     * @throws IllegalArgumentException if the graph is not one input and one output, a tensor is
     *         missing, shapes do not fit or an operator is unknown
     */
    static double[] run(DecodedModel model, float[] x, int cases, int width) {
        DecodedModel.Graph g = model.graph();
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw new IllegalArgumentException("the decoded graph has " + g.inputs().size() + " inputs and "
                    + g.outputs().size() + " outputs; expected one of each");
        }
        Map<String, Value> values = new HashMap<>();
        for (Tensor t : g.initializers().values()) {
            values.put(t.name(), constant(t));
        }
        double[] in = new double[cases * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = x[i];
        }
        values.put(g.inputs().get(0).name(), new Value(cases, width, in));
        for (Node n : g.nodes()) {
            if (!n.domain().isEmpty() || n.outputs().size() != 1) {
                throw new IllegalArgumentException("node " + n.opType() + ": expected the default domain and one output");
            }
            values.put(n.outputs().get(0), apply(n, inputs(n, values)));
        }
        Value y = values.get(g.outputs().get(0).name());
        if (y == null || y.rows() != cases) {
            throw new IllegalArgumentException("the decoded graph never computes its output "
                    + g.outputs().get(0).name() + " for the " + cases + " cases");
        }
        return y.v();
    }

    private static Value constant(Tensor t) {
        if (t.external() || t.dataType() != OnnxSchema.FLOAT || t.dims().length < 1 || t.dims().length > 2) {
            throw new IllegalArgumentException("initializer " + t.name() + ": expected an inline float tensor of "
                    + "rank 1 or 2");
        }
        int rows = t.dims().length == 1 ? 1 : (int) t.dims()[0];
        int cols = (int) t.dims()[t.dims().length - 1];
        if ((long) rows * cols != t.values().length) {
            throw new IllegalArgumentException("initializer " + t.name() + ": " + t.values().length
                    + " values for its shape " + java.util.Arrays.toString(t.dims()));
        }
        double[] v = new double[t.values().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.values()[i];
        }
        return new Value(rows, cols, v);
    }

    private static Value[] inputs(Node n, Map<String, Value> values) {
        List<String> names = n.inputs();
        Value[] in = new Value[names.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = values.get(names.get(i));
            if (in[i] == null) {
                throw new IllegalArgumentException("node " + n.opType() + ": its input " + names.get(i)
                        + " is neither an initializer nor computed before it");
            }
        }
        return in;
    }

    private static Value apply(Node n, Value[] in) {
        switch (n.opType()) {
            case "Sub": return binary(n, in, '-');
            case "Div": return binary(n, in, '/');
            case "Mul": return binary(n, in, '*');
            case "Gemm": return gemm(n, in);
            case "Softmax": return softmax(n, in[0]);
            case "Sigmoid": return map(in[0], z -> 1.0 / (1.0 + Math.exp(-z)));
            case "Tanh": return map(in[0], Math::tanh);
            case "Relu": return map(in[0], z -> z > 0 ? z : 0.0);
            case "LeakyRelu": {
                double alpha = n.floatAttribute("alpha", 0.01f);
                return map(in[0], z -> z >= 0 ? z : alpha * z);
            }
            case "Identity": return in[0];
            default:
                throw new IllegalArgumentException("the decoded graph has an operator " + n.opType()
                        + " that the checker does not evaluate");
        }
    }

    private static Value map(Value a, java.util.function.DoubleUnaryOperator f) {
        double[] v = new double[a.v().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(a.v()[i]);
        }
        return new Value(a.rows(), a.cols(), v);
    }

    /** a ∘ b with b a matrix of a's shape or a vector of a's width broadcast over its rows. */
    private static Value binary(Node n, Value[] in, char op) {
        Value a = in[0];
        Value b = in[1];
        if (b.cols() != a.cols() || (b.rows() != 1 && b.rows() != a.rows())) {
            throw new IllegalArgumentException("node " + n.opType() + ": cannot broadcast " + b.rows() + "×" + b.cols()
                    + " over " + a.rows() + "×" + a.cols());
        }
        double[] v = new double[a.v().length];
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                double x = a.v()[r * a.cols() + c];
                double y = b.v()[(b.rows() == 1 ? 0 : r * b.cols()) + c];
                v[r * a.cols() + c] = op == '-' ? x - y : op == '/' ? x / y : x * y;
            }
        }
        return new Value(a.rows(), a.cols(), v);
    }

    /** Y = alpha · A' B' + beta · C, A' = transA ? Aᵀ : A, B' likewise, C broadcast over rows. */
    private static Value gemm(Node n, Value[] in) {
        Value a = in[0];
        Value b = in[1];
        boolean ta = n.intAttribute("transA", 0) != 0;
        boolean tb = n.intAttribute("transB", 0) != 0;
        double alpha = n.floatAttribute("alpha", 1f);
        double beta = n.floatAttribute("beta", 1f);
        int m = ta ? a.cols() : a.rows();
        int k = ta ? a.rows() : a.cols();
        int kb = tb ? b.cols() : b.rows();
        int cols = tb ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("node Gemm: A' is " + m + "×" + k + " but B' is " + kb + "×" + cols);
        }
        Value c = in.length > 2 ? in[2] : null;
        if (c != null && (c.cols() != cols || (c.rows() != 1 && c.rows() != m))) {
            throw new IllegalArgumentException("node Gemm: cannot broadcast C " + c.rows() + "×" + c.cols() + " over "
                    + m + "×" + cols);
        }
        double[] y = new double[m * cols];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    double av = ta ? a.v()[t * a.cols() + r] : a.v()[r * a.cols() + t];
                    double bv = tb ? b.v()[j * b.cols() + t] : b.v()[t * b.cols() + j];
                    s += av * bv;
                }
                double cv = c == null ? 0 : c.v()[(c.rows() == 1 ? 0 : r * cols) + j];
                y[r * cols + j] = alpha * s + beta * cv;
            }
        }
        return new Value(m, cols, y);
    }

    /** Softmax over each row (axis −1 or 1 of a matrix), shifted by the row's maximum. */
    private static Value softmax(Node n, Value a) {
        long axis = n.intAttribute("axis", -1);
        if (axis != -1 && axis != 1) {
            throw new IllegalArgumentException("node Softmax: axis " + axis + "; the checker evaluates the last axis of a "
                    + "matrix (-1 or 1)");
        }
        double[] v = new double[a.v().length];
        int w = a.cols();
        for (int r = 0; r < a.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < w; c++) {
                max = Math.max(max, a.v()[r * w + c]);
            }
            double sum = 0;
            for (int c = 0; c < w; c++) {
                v[r * w + c] = Math.exp(a.v()[r * w + c] - max);
                sum += v[r * w + c];
            }
            for (int c = 0; c < w; c++) {
                v[r * w + c] /= sum;
            }
        }
        return new Value(a.rows(), w, v);
    }
}
