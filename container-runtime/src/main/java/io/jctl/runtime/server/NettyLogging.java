package io.jctl.runtime.server;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * grpc-java sets SO_KEEPALIVE on every channel it opens, and netty warns once per connection
 * that a unix socket has no such option. The warning says nothing useful here, so this turns
 * down that one logger (in java.util.logging and in slf4j-simple, whichever netty ends up using).
 */
final class NettyLogging {
    // Bootstrap and ServerBootstrap log it through their own loggers: quiet the package.
    private static final String BOOTSTRAP = "io.netty.bootstrap";
    // Held so that java.util.logging does not forget the level when the logger is collected.
    private static final Logger JUL_BOOTSTRAP = Logger.getLogger(BOOTSTRAP);

    static {
        JUL_BOOTSTRAP.setLevel(Level.SEVERE);
        String key = "org.slf4j.simpleLogger.log." + BOOTSTRAP;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }

    private NettyLogging() {
    }

    /** Applies the settings (once, when this class initialises). */
    static void quietUnixSocketOptionWarnings() {
    }
}
