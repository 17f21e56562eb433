package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.DNSConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a pod's {@code /etc/hosts} and {@code /etc/resolv.conf}, as the kubelet writes
 * them; the sandbox code decides where the files go.
 */
public final class PodNetworkFiles {
    private PodNetworkFiles() {
    }

    /** {@code /etc/hosts}: localhost lines, then the pod's address with its hostname. */
    public static String hosts(String podIp, String hostname) {
        return hosts(podIp, hostname, Map.of());
    }

    /**
     * {@code /etc/hosts} with extra entries (Kubernetes' {@code hostAliases}: address to names).
     * {@code hostname} may be a list of names separated by spaces, such as a fully qualified name
     * and the short one.
     */
    public static String hosts(String podIp, String hostname, Map<String, List<String>> hostAliases) {
        StringBuilder hosts = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        if (podIp != null && !podIp.isEmpty() && hostname != null && !hostname.isEmpty()) {
            hosts.append(podIp).append('\t').append(hostname).append('\n');
        }
        if (!hostAliases.isEmpty()) {
            hosts.append("\n# Entries added by HostAliases.\n");
            for (Map.Entry<String, List<String>> alias : new LinkedHashMap<>(hostAliases).entrySet()) {
                hosts.append(alias.getKey()).append('\t').append(String.join("\t", alias.getValue())).append('\n');
            }
        }
        return hosts.toString();
    }

    /** {@code /etc/resolv.conf} from the sandbox's DNS settings. */
    public static String resolvConf(DNSConfig dns) {
        return resolvConf(dns.getServersList(), dns.getSearchesList(), dns.getOptionsList());
    }

    /** {@code /etc/resolv.conf}: one {@code nameserver} line each, then {@code search} and {@code options} lines. */
    public static String resolvConf(List<String> servers, List<String> searches, List<String> options) {
        StringBuilder resolv = new StringBuilder();
        for (String server : servers) {
            resolv.append("nameserver ").append(server).append('\n');
        }
        if (!searches.isEmpty()) {
            resolv.append("search ").append(String.join(" ", searches)).append('\n');
        }
        if (!options.isEmpty()) {
            resolv.append("options ").append(String.join(" ", options)).append('\n');
        }
        return resolv.toString();
    }

    /**
     * A pod's {@code /etc/resolv.conf} derived from the node's: its search and options lines
     * kept, nameservers on loopback addresses (a local caching resolver such as systemd-resolved's
     * 127.0.0.53) dropped because a pod cannot reach the node's loopback. When none remain,
     * {@code fallbackServers} are used.
     */
    public static String resolvConfFromHost(String hostResolvConf, List<String> fallbackServers) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : hostResolvConf.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || fields[0].startsWith("#") || fields[0].startsWith(";")) {
                continue;
            }
            List<String> values = List.of(fields).subList(1, fields.length);
            switch (fields[0]) {
                case "nameserver" -> {
                    if (!fields[1].startsWith("127.") && !fields[1].equals("::1")) {
                        servers.add(fields[1]);
                    }
                }
                case "search", "domain" -> {
                    searches.clear(); // the last search or domain line wins
                    searches.addAll(values);
                }
                case "options" -> options.addAll(values);
                default -> {
                }
            }
        }
        return resolvConf(servers.isEmpty() ? fallbackServers : servers, searches, options);
    }
}
