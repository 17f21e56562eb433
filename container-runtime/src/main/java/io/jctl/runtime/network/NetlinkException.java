package io.jctl.runtime.network;

import java.io.IOException;

/** The kernel refused a netlink request; {@link #errno()} tells callers which refusals they may ignore. */
final class NetlinkException extends IOException {
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EEXIST = 17;
    static final int ENODEV = 19;

    private final int errno;

    NetlinkException(String what, int errno, String kernelMessage) {
        super(what + ": " + NetLibC.INSTANCE.strerror(errno) + " (errno " + errno + ")"
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : ": " + kernelMessage));
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
