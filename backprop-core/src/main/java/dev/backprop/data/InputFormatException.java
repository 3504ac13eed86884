package dev.backprop.data;

import java.io.IOException;

/**
 * A data or model file that cannot be read as what it claims to be. The message is one line that
 * names the file, where in it (line or byte offset) and what was expected; readers throw this type
 * and no other for bad content.
 */
public class InputFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the file, the place and what was expected
     */
    public InputFormatException(String message) {
        super(message);
    }
}
