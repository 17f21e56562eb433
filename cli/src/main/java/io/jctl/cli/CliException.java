package io.jctl.cli;

/**
 * A failure jctl explains itself: the message is already the one or two lines the user sees
 * (what is wrong, what to do), printed as is with exit code 1.
 */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
