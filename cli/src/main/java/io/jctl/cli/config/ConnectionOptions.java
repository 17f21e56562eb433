package io.jctl.cli.config;

/** The global flags that choose the server, the credentials and the namespace; nulls are unset. */
public record ConnectionOptions(String kubeconfig, String context, String server, String token, boolean insecure,
                                String namespace) {
    public static ConnectionOptions none() {
        return new ConnectionOptions(null, null, null, null, false, null);
    }
}
