package dev.backprop.cli.serve;

/** A request the server refuses: its HTTP status and the one line that says what was wrong. */
final class BadRequest extends Exception {
    private final int status;

    /**
     * @param status the HTTP status, 400 or 413
     * @param message one line naming the field and what was expected
     */
    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * @param message one line naming the field and what was expected
     * @return a 400 Bad Request
     */
    static BadRequest of(String message) {
        return new BadRequest(400, message);
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }
}
