package dev.backprop.onnx;

import java.util.Locale;

/**
 * What the check of an exported model found: its decoded graph, evaluated in double precision by
 * the checker's own evaluator, against the network's float32 predictions on a sample of cases,
 * each output compared with its own bound on float32 rounding (see {@link OnnxExport}).
 *
 * @param graph the decoded graph in one line, e.g. {@code X[N,64] → Sub → Div → Gemm(30×64) → …}
 * @param bytes the size of the ONNX model in bytes
 * @param cases the cases checked
 * @param largestDifference the largest |graph − network| over every output of every case
 *        (NaN when an output was not a number)
 * @param boundThere the bound of the output where that difference was found
 * @param largestShare the largest difference / bound over all outputs: at most 1 when it passed
 */
public record OnnxCertificate(String graph, long bytes, int cases, double largestDifference, double boundThere,
                              double largestShare) {

    /** @return whether every output was within its bound */
    public boolean passed() {
        return largestShare <= 1;
    }

    /**
     * @return one line such as {@code checked 256 cases: largest difference 2.4e-07 ≤ bound 1.1e-06
     *         (every output within its own bound, at most 21% of it)}
     */
    public String line() {
        if (passed()) {
            return String.format(Locale.ROOT, "checked %d cases: largest difference %.2g ≤ bound %.2g (every output "
                    + "within its own bound, at most %.2g%% of it)", cases, largestDifference, boundThere,
                    100 * largestShare);
        }
        return String.format(Locale.ROOT, "checked %d cases: largest difference %.2g, bound there %.2g (an output at "
                + "%.3g times its own bound)", cases, largestDifference, boundThere, largestShare);
    }
}
