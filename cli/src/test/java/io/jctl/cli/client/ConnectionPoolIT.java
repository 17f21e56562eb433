package io.jctl.cli.client;

import io.jctl.cli.CancelSignal;
import io.jctl.cli.Invocation;
import io.jctl.cli.Jctl;
import io.jctl.cli.JctlHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invocations sharing a pool (as in the daemon) reuse one kept-alive connection; without a pool each connects. */
class ConnectionPoolIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static String logOf(ConnectionPool pool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jctl.run(args, new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", jctl.home().toString()), jctl.home(), Invocation.Terminals.NONE, pool, CancelSignal.never()));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSharedPoolKeepsTheConnection() {
        ConnectionPool pool = new ConnectionPool(2, 60_000);
        try {
            assertThat(logOf(pool, "get", "namespaces", "-v=7")).contains("I connected to ").doesNotContain("reusing");
            String second = logOf(pool, "get", "namespaces", "-v=7");
            assertThat(second).contains("reusing a kept-alive connection").doesNotContain("I connected to ");
        } finally {
            pool.close();
        }
        assertThat(logOf(ConnectionPool.NONE, "get", "namespaces", "-v=7")).contains("I connected to ");
        assertThat(logOf(ConnectionPool.NONE, "get", "namespaces", "-v=7")).doesNotContain("reusing");
    }
}
