package io.jctl.api.component;

import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.KubeConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * How a daemon component (controllers, scheduler, node agent) reaches the api-server: a
 * kubeconfig, or flags that override it — the flags kube-controller-manager and the kubelet take.
 * A picocli mixin, so every component spells them the same way.
 */
public final class ConnectionOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to connect with (default: $KUBECONFIG, ~/.jctl/config or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--server", paramLabel = "URL", description = "The api-server URL (overrides the kubeconfig's).")
    String server;

    @Option(names = "--token", description = "Bearer token (overrides the kubeconfig's).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token (re-read when it changes).")
    Path tokenFile;

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "PEM file of the CA that signed the api-server's certificate (overrides the kubeconfig's).")
    Path certificateAuthority;

    @Option(names = "--insecure-skip-tls-verify", description = "Do not verify the api-server's certificate (testing only).")
    boolean insecure;

    /** The client configuration these options describe; {@code userAgent} names the component in server logs. */
    public ClientConfig toClientConfig(String userAgent) {
        ClientConfig base = null;
        if (kubeconfig != null) {
            base = KubeConfig.load(kubeconfig).forCurrentContext();
        } else if (server == null) {
            base = KubeConfig.loadDefault().forCurrentContext();
        }
        ClientConfig.Builder b = base == null ? ClientConfig.builder(server) : base.toBuilder();
        if (server != null) {
            b.server(server);
        }
        if (token != null) {
            b.token(token);
        }
        if (tokenFile != null) {
            b.tokenFile(tokenFile);
        }
        if (certificateAuthority != null) {
            try {
                b.caPem(java.nio.file.Files.readAllBytes(certificateAuthority));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--certificate-authority " + certificateAuthority + ": cannot read it ("
                        + e.getMessage() + ")");
            }
        }
        if (insecure) {
            b.insecure(true);
        }
        return b.userAgent(userAgent).build();
    }
}
