package io.jctl.cli.config;

import io.jctl.api.client.ClientConfig;

/**
 * The connection a command uses: the client configuration, the namespace it works in and a
 * description of where they came from (for error messages).
 */
public record ResolvedContext(ClientConfig client, String namespace, String contextName, String source) {
}
