package io.jctl.agent.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link ClusterDns} serves.
 *
 * @param bindAddress     the address to listen on (the agent uses its pod network's gateway)
 * @param port            UDP and TCP port; 0 picks a free one (tests)
 * @param clusterDomain   the zone answered from the API, {@code cluster.local}
 * @param upstreams       resolvers for all other names; empty: the nameservers of the host's
 *                        /etc/resolv.conf that are not on loopback
 * @param upstreamTimeout how long one upstream may take before the next is asked
 * @param ttlSeconds      TTL of answers, and of negative answers (the SOA minimum)
 */
public record DnsConfig(String bindAddress, int port, String clusterDomain, List<InetSocketAddress> upstreams,
                        Duration upstreamTimeout, long ttlSeconds) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    public DnsConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("DNS port " + port + " must be 0-65535");
        }
        clusterDomain = normalizeDomain(clusterDomain);
        upstreams = List.copyOf(upstreams);
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
            throw new IllegalArgumentException("upstream timeout must be positive");
        }
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("TTL must not be negative");
        }
    }

    /** Port 53 on {@code bindAddress}, cluster.local, the host's resolvers, 2 s upstream timeout, TTL 5 s. */
    public static DnsConfig defaults(String bindAddress) {
        return new DnsConfig(bindAddress, 53, DEFAULT_CLUSTER_DOMAIN, List.of(), Duration.ofSeconds(2), 5);
    }

    public DnsConfig withPort(int value) {
        return new DnsConfig(bindAddress, value, clusterDomain, upstreams, upstreamTimeout, ttlSeconds);
    }

    public DnsConfig withClusterDomain(String domain) {
        return new DnsConfig(bindAddress, port, domain, upstreams, upstreamTimeout, ttlSeconds);
    }

    public DnsConfig withUpstreams(List<InetSocketAddress> servers) {
        return new DnsConfig(bindAddress, port, clusterDomain, servers, upstreamTimeout, ttlSeconds);
    }

    public DnsConfig withUpstreamTimeout(Duration timeout) {
        return new DnsConfig(bindAddress, port, clusterDomain, upstreams, timeout, ttlSeconds);
    }

    static String normalizeDomain(String domain) {
        String d = Objects.requireNonNull(domain, "clusterDomain").trim().toLowerCase(java.util.Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || !d.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("cluster domain '" + domain + "' is not a DNS name");
        }
        return d;
    }
}
