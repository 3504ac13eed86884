package dev.backprop.train;

/** Training could not go on, for example because the loss became NaN or infinite. */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, where, and what to try
     */
    public TrainingException(String message) {
        super(message);
    }

    /**
     * @param message what happened, where, and what to try
     * @param cause the underlying failure
     */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
