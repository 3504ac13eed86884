package dev.backprop.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One epoch's figures. Losses are E per case (the summed E divided by the number of cases);
 * accuracies are NaN when the data are not class labels, and validation figures NaN without
 * validation data.
 *
 * @param epoch the epoch, from 0
 * @param trainLoss mean E per training case, accumulated over the epoch's batches before each step
 * @param trainAccuracy share of training cases classified correctly during the epoch
 * @param validationLoss mean E per validation case after the epoch
 * @param validationAccuracy validation accuracy after the epoch
 * @param learningRate the rate used in this epoch
 * @param seconds wall time of the epoch
 * @param checksum {@link #checksum(float[])} of the parameters after the epoch's last step (before
 *        early stopping puts back the best weights), 8 lowercase hex digits; empty when not known
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double seconds, String checksum) {

    /**
     * Checks the checksum's form.
     *
     * @param epoch the epoch, from 0
     * @param trainLoss mean E per training case
     * @param trainAccuracy training accuracy
     * @param validationLoss mean E per validation case
     * @param validationAccuracy validation accuracy
     * @param learningRate the rate used
     * @param seconds wall time
     * @param checksum 8 lowercase hex digits, or empty
     * @throws IllegalArgumentException if the checksum is neither
     */
    public EpochRecord {
        if (!checksum.isEmpty() && !checksum.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("a parameter checksum is 8 lowercase hex digits, got \"" + checksum + "\"");
        }
    }

    /**
     * A record without a parameter checksum.
     *
     * @param epoch the epoch, from 0
     * @param trainLoss mean E per training case
     * @param trainAccuracy training accuracy
     * @param validationLoss mean E per validation case
     * @param validationAccuracy validation accuracy
     * @param learningRate the rate used
     * @param seconds wall time
     */
    public EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                       double validationAccuracy, double learningRate, double seconds) {
        this(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, seconds, "");
    }

    /**
     * The CRC-32C (Castagnoli, {@link CRC32C}) of the parameters as little-endian float32 bytes in
     * the flat order W, b of layer 0, then of layer 1, and so on, the order of the tensors in a
     * model file, so it equals the CRC-32C of a model file's parameter bytes.
     *
     * @param parameters the flat parameters
     * @return 8 lowercase hex digits
     */
    public static String checksum(float[] parameters) {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int per = buf.capacity() / 4;
        for (int done = 0; done < parameters.length; done += per) {
            int k = Math.min(per, parameters.length - done);
            buf.clear();
            buf.asFloatBuffer().put(parameters, done, k);
            buf.limit(4 * k);
            crc.update(buf);
        }
        String hex = Long.toHexString(crc.getValue());
        return "00000000".substring(hex.length()) + hex;
    }
}
