package io.jctl.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the api-server. {@code etcdEndpoints} empty means the embedded store under
 * {@code dataDir}; {@code port} 0 picks a free port (tests). {@code writeUserKubeconfig} writes
 * the admin kubeconfig to {@code $HOME/.jctl/config}, which only a real server should do.
 */
public record ServerConfig(String bindAddress, int port, Path dataDir, List<String> etcdEndpoints,
                           List<String> advertiseAddresses, Optional<Path> tokenAuthFile, List<Path> kubeconfigOut,
                           boolean writeUserKubeconfig, int watchCacheCapacity, Duration bookmarkInterval,
                           Duration compactionInterval, io.jctl.apiserver.allocation.ServiceRanges serviceRanges) {

    /** A server on 0.0.0.0:6443 with the embedded store in {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        // The watch cache keeps this many changes per resource, each decoded (object and previous
        // object): 4096 pod changes held ~100 MB of heap after a 2000-pod rollout, and the server's
        // idle budget is 256 MB. A watcher that falls further behind resumes from the store's log.
        return new ServerConfig("0.0.0.0", 6443, dataDir, List.of(), List.of(), Optional.empty(), List.of(), true,
                1024, Duration.ofSeconds(30), Duration.ofMinutes(5),
                io.jctl.apiserver.allocation.ServiceRanges.defaults());
    }

    public ServerConfig withPort(int p) {
        return toBuilder().port(p).build();
    }

    public ServerConfig withBindAddress(String a) {
        return toBuilder().bindAddress(a).build();
    }

    public ServerConfig withEtcd(List<String> endpoints) {
        return toBuilder().etcdEndpoints(endpoints).build();
    }

    public ServerConfig withKubeconfigOut(List<Path> files) {
        return toBuilder().kubeconfigOut(files).build();
    }

    public ServerConfig withUserKubeconfig(boolean write) {
        return toBuilder().writeUserKubeconfig(write).build();
    }

    public ServerConfig withAdvertiseAddresses(List<String> addresses) {
        return toBuilder().advertiseAddresses(addresses).build();
    }

    public ServerConfig withTokenAuthFile(Optional<Path> file) {
        return toBuilder().tokenAuthFile(file).build();
    }

    public ServerConfig withBookmarkInterval(Duration d) {
        return toBuilder().bookmarkInterval(d).build();
    }

    public ServerConfig withWatchCacheCapacity(int c) {
        return toBuilder().watchCacheCapacity(c).build();
    }

    public ServerConfig withCompactionInterval(Duration d) {
        return toBuilder().compactionInterval(d).build();
    }

    public ServerConfig withServiceRanges(io.jctl.apiserver.allocation.ServiceRanges r) {
        return toBuilder().serviceRanges(r).build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    /** Field-by-field copy with one change, so each {@code with} method stays one line. */
    private static final class Builder {
        private String bindAddress;
        private int port;
        private Path dataDir;
        private List<String> etcdEndpoints;
        private List<String> advertiseAddresses;
        private Optional<Path> tokenAuthFile;
        private List<Path> kubeconfigOut;
        private boolean writeUserKubeconfig;
        private int watchCacheCapacity;
        private Duration bookmarkInterval;
        private Duration compactionInterval;
        private io.jctl.apiserver.allocation.ServiceRanges serviceRanges;

        Builder(ServerConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            dataDir = c.dataDir;
            etcdEndpoints = c.etcdEndpoints;
            advertiseAddresses = c.advertiseAddresses;
            tokenAuthFile = c.tokenAuthFile;
            kubeconfigOut = c.kubeconfigOut;
            writeUserKubeconfig = c.writeUserKubeconfig;
            watchCacheCapacity = c.watchCacheCapacity;
            bookmarkInterval = c.bookmarkInterval;
            compactionInterval = c.compactionInterval;
            serviceRanges = c.serviceRanges;
        }

        Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        Builder port(int v) {
            port = v;
            return this;
        }

        Builder etcdEndpoints(List<String> v) {
            etcdEndpoints = List.copyOf(v);
            return this;
        }

        Builder advertiseAddresses(List<String> v) {
            advertiseAddresses = List.copyOf(v);
            return this;
        }

        Builder tokenAuthFile(Optional<Path> v) {
            tokenAuthFile = v;
            return this;
        }

        Builder kubeconfigOut(List<Path> v) {
            kubeconfigOut = List.copyOf(v);
            return this;
        }

        Builder writeUserKubeconfig(boolean v) {
            writeUserKubeconfig = v;
            return this;
        }

        Builder watchCacheCapacity(int v) {
            watchCacheCapacity = v;
            return this;
        }

        Builder bookmarkInterval(Duration v) {
            bookmarkInterval = v;
            return this;
        }

        Builder compactionInterval(Duration v) {
            compactionInterval = v;
            return this;
        }

        Builder serviceRanges(io.jctl.apiserver.allocation.ServiceRanges v) {
            serviceRanges = v;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(bindAddress, port, dataDir, etcdEndpoints, advertiseAddresses, tokenAuthFile,
                    kubeconfigOut, writeUserKubeconfig, watchCacheCapacity, bookmarkInterval, compactionInterval,
                    serviceRanges);
        }
    }
}
