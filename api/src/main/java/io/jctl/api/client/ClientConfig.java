package io.jctl.api.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the api-server is and how to prove who we are. Immutable; build one with
 * {@link #builder(String)} or get one from {@link KubeConfig#forContext(String)}.
 *
 * <p>{@code http://} servers are accepted (tests, local debugging); for {@code https://} the
 * server certificate must chain to {@link #caPem()} unless {@link #insecure()} is set.
 */
public final class ClientConfig {
    private final URI server;
    private final String token;
    private final Path tokenFile;
    private final byte[] caPem;
    private final boolean insecure;
    private final byte[] clientCertPem;
    private final byte[] clientKeyPem;
    private final String namespace;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final String userAgent;

    private ClientConfig(Builder b) {
        this.server = b.server;
        this.token = b.token;
        this.tokenFile = b.tokenFile;
        this.caPem = b.caPem == null ? null : b.caPem.clone();
        this.insecure = b.insecure;
        this.clientCertPem = b.clientCertPem == null ? null : b.clientCertPem.clone();
        this.clientKeyPem = b.clientKeyPem == null ? null : b.clientKeyPem.clone();
        this.namespace = b.namespace;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.userAgent = b.userAgent;
    }

    public static Builder builder(String server) {
        return new Builder(server);
    }

    /** A builder preset with every value of this config. */
    public Builder toBuilder() {
        Builder b = new Builder(server.toString());
        b.token = token;
        b.tokenFile = tokenFile;
        b.caPem = caPem;
        b.insecure = insecure;
        b.clientCertPem = clientCertPem;
        b.clientKeyPem = clientKeyPem;
        b.namespace = namespace;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.userAgent = userAgent;
        return b;
    }

    public URI server() {
        return server;
    }

    /** The bearer token, or null. {@link #tokenFile()} wins when both are set. */
    public String token() {
        return token;
    }

    /** A file holding the bearer token, re-read now and then so rotated tokens are picked up. */
    public Path tokenFile() {
        return tokenFile;
    }

    public byte[] caPem() {
        return caPem == null ? null : caPem.clone();
    }

    public boolean insecure() {
        return insecure;
    }

    public byte[] clientCertPem() {
        return clientCertPem == null ? null : clientCertPem.clone();
    }

    public byte[] clientKeyPem() {
        return clientKeyPem == null ? null : clientKeyPem.clone();
    }

    /** The namespace used when a call on a namespaced resource names none. */
    public String namespace() {
        return namespace;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for a non-watch request until its response headers arrive. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "ClientConfig{server=" + server + ", namespace=" + namespace
                + (token != null || tokenFile != null ? ", token=<redacted>" : "")
                + (clientCertPem != null ? ", clientCert" : "") + (insecure ? ", insecure" : "") + "}";
    }

    public static final class Builder {
        private URI server;
        private String token;
        private Path tokenFile;
        private byte[] caPem;
        private boolean insecure;
        private byte[] clientCertPem;
        private byte[] clientKeyPem;
        private String namespace = "default";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private String userAgent = "jctl-client/0.1";

        private Builder(String server) {
            server(server);
        }

        public Builder server(String server) {
            Objects.requireNonNull(server, "server");
            String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
            URI uri = URI.create(s);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("server must be an http:// or https:// URL, got \"" + server + "\"");
            }
            this.server = uri;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder tokenFile(Path tokenFile) {
            this.tokenFile = tokenFile;
            return this;
        }

        /** PEM certificates of the authorities that may sign the server certificate. */
        public Builder caPem(byte[] caPem) {
            this.caPem = caPem;
            return this;
        }

        /** Trust any server certificate and host name: for throwaway clusters only. */
        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /** A PEM client certificate (chain) and its PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC). */
        public Builder clientCertificate(byte[] certPem, byte[] keyPem) {
            this.clientCertPem = certPem;
            this.clientKeyPem = keyPem;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent);
            return this;
        }

        public ClientConfig build() {
            if ((clientCertPem == null) != (clientKeyPem == null)) {
                throw new IllegalArgumentException("a client certificate needs its key and a key needs its certificate");
            }
            return new ClientConfig(this);
        }
    }
}
