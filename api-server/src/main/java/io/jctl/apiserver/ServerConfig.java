package io.jctl.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the api-server. {@code etcdEndpoints} empty means the embedded store under
 * {@code dataDir}; {@code port} 0 picks a free port (tests).
 */
public record ServerConfig(String bindAddress, int port, Path dataDir, List<String> etcdEndpoints,
                           List<String> advertiseAddresses, Optional<Path> tokenAuthFile, List<Path> kubeconfigOut,
                           int watchCacheCapacity, Duration bookmarkInterval, Duration compactionInterval) {

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("0.0.0.0", 6443, dataDir, List.of(), List.of(), Optional.empty(), List.of(), 4096,
                Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(bindAddress, p, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                kubeconfigOut, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(a, port, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                kubeconfigOut, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withEtcd(List<String> endpoints) {
        return new ServerConfig(bindAddress, port, dataDir, endpoints, advertiseAddresses, tokenAuthFile,
                kubeconfigOut, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withKubeconfigOut(List<Path> files) {
        return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                files, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withAdvertiseAddresses(List<String> addresses) {
        return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, addresses, tokenAuthFile,
                kubeconfigOut, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withTokenAuthFile(Optional<Path> file) {
        return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, advertiseAddresses, file,
                kubeconfigOut, watchCacheCapacity, bookmarkInterval, compactionInterval);
    }

    public ServerConfig withBookmarkInterval(Duration d) {
        return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                kubeconfigOut, watchCacheCapacity, d, compactionInterval);
    }

    public ServerConfig withWatchCacheCapacity(int c) {
        return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                kubeconfigOut, c, bookmarkInterval, compactionInterval);
    }
}
