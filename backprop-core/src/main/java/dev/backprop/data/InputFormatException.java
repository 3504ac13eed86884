package dev.backprop.data;

import java.io.IOException;

/**
 * A data or model file that cannot be read as what it claims to be. The message is one line that
 * names the file, where in it (line or byte offset) and what was expected; readers throw this type
 * and no other for bad content.
 *
 * <p>Messages quote the file's content (a cell, a column name, a header value), which may hold
 * any character or be very long: the message is made one line that a terminal prints as it is by
 * {@link Printable#line}.
 */
public class InputFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the file, the place and what was expected; control characters in
     *     it are escaped and a very long one is cut
     */
    public InputFormatException(String message) {
        super(Printable.line(message));
    }
}
