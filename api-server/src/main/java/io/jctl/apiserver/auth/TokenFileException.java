package io.jctl.apiserver.auth;

import java.nio.file.Path;

/** A {@code --token-auth-file} that cannot be used; the message names the file and line. */
public class TokenFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    TokenFileException(Path file, int lineNumber, String problem) {
        super("token file " + file + " line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
    }

    /** 1-based line number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }
}
