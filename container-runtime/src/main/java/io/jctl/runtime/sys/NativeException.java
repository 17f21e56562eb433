package io.jctl.runtime.sys;

import java.io.IOException;

/** A failed syscall: what was attempted, and the errno it failed with. */
public final class NativeException extends IOException {
    private final int errno;

    public NativeException(String what, int errno, String reason) {
        super(what + ": " + reason + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
