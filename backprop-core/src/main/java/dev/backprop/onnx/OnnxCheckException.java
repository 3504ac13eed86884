package dev.backprop.onnx;

/**
 * An export that its check refused: the decoded model is not the graph the exporter means to write,
 * or it computes outputs outside the float32 rounding bound of the network's own. Nothing was
 * written.
 */
public final class OnnxCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The certificate that failed, or null when the graph could not be evaluated at all. */
    private final transient OnnxCertificate certificate;

    /**
     * @param message one line: what was wrong
     * @param certificate the failed certificate, or null
     */
    OnnxCheckException(String message, OnnxCertificate certificate) {
        super(message);
        this.certificate = certificate;
    }

    /** @return the certificate that failed, or null when the decoded graph could not be evaluated */
    public OnnxCertificate certificate() {
        return certificate;
    }
}
