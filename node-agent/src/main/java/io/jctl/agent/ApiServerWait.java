package io.jctl.agent;

import io.jctl.api.client.ApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Waits until the api-server answers, as the kubelet keeps retrying its registration: an agent
 * started together with its control plane ({@code jctld up}) comes up before the server listens.
 */
final class ApiServerWait {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServerWait.class);

    private ApiServerWait() {
    }

    /** Returns once {@code /readyz} answers at all (any status: the server is there to talk to). */
    static void await(ApiClient api, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean logged = false;
        while (true) {
            try {
                api.raw("GET", "/readyz", null);
                return;
            } catch (UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the api-server did not answer within " + timeout.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                if (!logged) {
                    LOG.info("waiting for the api-server at {} ({})", api.config().server(), e.getMessage());
                    logged = true;
                }
                Thread.sleep(50);
            }
        }
    }
}
