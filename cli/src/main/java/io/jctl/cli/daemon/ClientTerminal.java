package io.jctl.cli.daemon;

import java.io.InputStream;

/**
 * A path that opens the terminal an invocation's stdin is, for tools such as {@code stty} that
 * work on their own stdin: in the daemon the client's descriptor as this process holds it
 * ({@code /proc/self/fd/N}), otherwise the controlling terminal.
 */
public final class ClientTerminal {
    private ClientTerminal() {
    }

    public static String path(InputStream stdin) {
        if (stdin instanceof FdInputStream fd) {
            return "/proc/self/fd/" + fd.fd();
        }
        return "/dev/tty";
    }
}
