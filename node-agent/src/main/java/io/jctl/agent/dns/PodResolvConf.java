package io.jctl.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resolv.conf of a pod with {@code dnsPolicy: ClusterFirst}, as the kubelet writes it: the
 * cluster DNS as only nameserver, the namespace's, the cluster's and the host's search domains,
 * and {@code ndots:5} so that short names such as {@code web} or {@code web.shop} try the
 * cluster first. Also reads the host's resolv.conf for its search domains and upstream servers.
 */
public final class PodResolvConf {
    /** The kubelet's limits (glibc ≥ 2.26 accepts this many). */
    static final int MAX_SEARCH_DOMAINS = 32;
    static final int MAX_SEARCH_CHARS = 2048;

    private PodResolvConf() {
    }

    /**
     * @param nameserver    the cluster DNS address (the node's pod gateway)
     * @param namespace     the pod's namespace
     * @param clusterDomain e.g. {@code cluster.local}
     * @param hostSearch    the host's search domains, appended after the cluster's (duplicates dropped)
     */
    public static String content(String nameserver, String namespace, String clusterDomain, List<String> hostSearch) {
        String domain = DnsConfig.normalizeDomain(clusterDomain);
        Set<String> search = new LinkedHashSet<>();
        search.add(namespace + ".svc." + domain);
        search.add("svc." + domain);
        search.add(domain);
        for (String s : hostSearch) {
            String d = s.trim();
            while (d.endsWith(".")) {
                d = d.substring(0, d.length() - 1);
            }
            if (!d.isEmpty()) {
                search.add(d);
            }
        }
        List<String> kept = new ArrayList<>();
        int chars = 0;
        for (String s : search) {
            if (kept.size() == MAX_SEARCH_DOMAINS || chars + s.length() + (kept.isEmpty() ? 0 : 1) > MAX_SEARCH_CHARS) {
                break; // as the kubelet: the host's extra domains are dropped rather than break resolution
            }
            chars += s.length() + (kept.isEmpty() ? 0 : 1);
            kept.add(s);
        }
        return "nameserver " + nameserver + "\nsearch " + String.join(" ", kept) + "\noptions ndots:5\n";
    }

    /** As {@link #content} with the search domains of the host's /etc/resolv.conf. */
    public static String content(String nameserver, String namespace, String clusterDomain) throws IOException {
        return content(nameserver, namespace, clusterDomain, hostSearchDomains(Path.of("/etc/resolv.conf")));
    }

    /** The {@code search} (or {@code domain}) entries of a resolv.conf; empty if there is no file. */
    public static List<String> hostSearchDomains(Path resolvConf) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] fields : lines(resolvConf)) {
            if (fields[0].equals("search") || fields[0].equals("domain")) {
                out.clear(); // the last of them wins, as in the resolver
                out.addAll(List.of(fields).subList(1, fields.length));
            }
        }
        return out;
    }

    /** The IPv4 nameservers of a resolv.conf, port 53, without loopback ones (a pod cannot reach the host's 127.x). */
    public static List<InetSocketAddress> upstreamServers(Path resolvConf) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String[] fields : lines(resolvConf)) {
            if (fields[0].equals("nameserver") && fields.length > 1 && !fields[1].startsWith("127.")
                    && !fields[1].equals("::1") && fields[1].matches("[0-9.]+|[0-9a-fA-F:]+")) {
                out.add(new InetSocketAddress(fields[1], 53));
            }
        }
        return out;
    }

    private static List<String[]> lines(Path resolvConf) throws IOException {
        List<String> text;
        try {
            text = Files.readAllLines(resolvConf, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        for (String line : text) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            out.add(l.split("\\s+"));
        }
        return out;
    }
}
