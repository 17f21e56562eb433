package io.jctl.dist.up;

import java.nio.file.Path;

/**
 * Where a local cluster keeps things under its data directory: {@code server/} (the store,
 * certificates and tokens), {@code nodes/<node>/} (each node's runtime and agent state),
 * {@code hollow/}, {@code logs/<process>.log}, and {@code run/} (pid files and the plan that
 * {@code up} made, which {@code down} follows).
 */
public record ClusterLayout(Path dataDir) {
    public ClusterLayout {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path serverDir() {
        return dataDir.resolve("server");
    }

    public Path caCertificate() {
        return serverDir().resolve("pki").resolve("ca.crt");
    }

    public Path adminToken() {
        return serverDir().resolve("admin.token");
    }

    /** Bearer tokens of the agents, in the api-server's {@code --token-auth-file} format. */
    public Path tokensFile() {
        return serverDir().resolve("tokens.csv");
    }

    public Path nodeDir(String node) {
        return dataDir.resolve("nodes").resolve(node);
    }

    public Path hollowDir() {
        return dataDir.resolve("hollow");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path log(String process) {
        return logsDir().resolve(process + ".log");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public Path pidFile(String process) {
        return runDir().resolve(process + ".pid");
    }

    public Path planFile() {
        return runDir().resolve("cluster.json");
    }
}
