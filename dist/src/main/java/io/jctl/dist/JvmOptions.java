package io.jctl.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options of each daemon role, from {@code jvm-options.properties}: the one file that
 * both {@code bin/jctld} (a role started by hand) and {@code jctld up} read, so that a daemon runs
 * with the same JVM however it was started.
 */
public final class JvmOptions {
    private static final Properties ROLES = load();

    private JvmOptions() {
    }

    /** The options of {@code role} (server, agent, hollow, runtime, …), or the default ones. */
    public static List<String> forRole(String role) {
        String line = ROLES.getProperty(role, ROLES.getProperty("default"));
        return List.of(line.trim().split("\\s+"));
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = JvmOptions.class.getResourceAsStream("jvm-options.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm-options.properties is missing from the jctld jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jvm-options.properties", e);
        }
        return p;
    }
}
