package io.jctl.dist.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port nobody listens on right now, for the daemons a benchmark starts next to a user's own cluster. */
final class FreePort {
    private FreePort() {
    }

    static int pick() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
