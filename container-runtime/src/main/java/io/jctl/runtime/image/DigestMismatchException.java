package io.jctl.runtime.image;

import java.io.IOException;

/** Content did not hash to the digest it was announced with; nothing of it was kept. */
public final class DigestMismatchException extends IOException {
    public DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + " should have digest " + expected + " but has " + actual + "; it was discarded");
    }
}
