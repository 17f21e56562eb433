package io.jctl.agent.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link ServiceProxy} programs its node.
 *
 * @param chainPrefix     prefix of our chains ({@code JCTL} gives JCTL-SERVICES, JCTL-SVC-…), 1-10
 *                        letters, digits, '_' or '-', so that every chain name fits iptables' 28 characters
 * @param iptables        the iptables command; {@code -save} and {@code -restore} are appended for the others
 * @param clusterCidr     the pods' addresses; traffic to a cluster IP from elsewhere is masqueraded, as
 *                        kube-proxy's {@code --cluster-cidr}. Null: only hairpin and node-port traffic is
 * @param nodeIps         addresses node ports answer on; empty means every local address
 * @param debounce        how long changes are collected before a sync
 * @param minSyncInterval least time between the starts of two syncs
 */
public record ProxyConfig(String chainPrefix, String iptables, String clusterCidr, List<String> nodeIps,
                          Duration debounce, Duration minSyncInterval) {
    public static final String DEFAULT_CHAIN_PREFIX = "JCTL";
    public static final String DEFAULT_CLUSTER_CIDR = "10.88.0.0/24";

    private static final Pattern CHAIN_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,10}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    public ProxyConfig {
        if (!CHAIN_PREFIX.matcher(chainPrefix).matches()) {
            throw new IllegalArgumentException("iptables chain prefix '" + chainPrefix
                    + "' must be 1-10 letters, digits, '_' or '-'");
        }
        Objects.requireNonNull(iptables, "iptables");
        if (clusterCidr != null) {
            String[] parts = clusterCidr.split("/");
            if (parts.length != 2 || !IPV4.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,2}")
                    || Integer.parseInt(parts[1]) > 32) {
                throw new IllegalArgumentException("cluster CIDR '" + clusterCidr + "' must look like 10.88.0.0/16");
            }
        }
        nodeIps = List.copyOf(nodeIps);
        for (String ip : nodeIps) {
            if (!IPV4.matcher(ip).matches()) {
                throw new IllegalArgumentException("node IP '" + ip + "' is not an IPv4 address");
            }
        }
        if (debounce.isNegative() || minSyncInterval.isNegative()) {
            throw new IllegalArgumentException("debounce and minSyncInterval must not be negative");
        }
    }

    /** Chains JCTL-*, pods in 10.88.0.0/24, node ports on every local address, 100 ms debounce, 250 ms between syncs. */
    public static ProxyConfig defaults() {
        return new ProxyConfig(DEFAULT_CHAIN_PREFIX, "iptables", DEFAULT_CLUSTER_CIDR, List.of(),
                Duration.ofMillis(100), Duration.ofMillis(250));
    }

    public ProxyConfig withChainPrefix(String prefix) {
        return new ProxyConfig(prefix, iptables, clusterCidr, nodeIps, debounce, minSyncInterval);
    }

    public ProxyConfig withIptables(String command) {
        return new ProxyConfig(chainPrefix, command, clusterCidr, nodeIps, debounce, minSyncInterval);
    }

    public ProxyConfig withClusterCidr(String cidr) {
        return new ProxyConfig(chainPrefix, iptables, cidr, nodeIps, debounce, minSyncInterval);
    }

    public ProxyConfig withNodeIps(List<String> ips) {
        return new ProxyConfig(chainPrefix, iptables, clusterCidr, ips, debounce, minSyncInterval);
    }

    public ProxyConfig withTiming(Duration debounceFor, Duration minInterval) {
        return new ProxyConfig(chainPrefix, iptables, clusterCidr, nodeIps, debounceFor, minInterval);
    }
}
