package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.DNSConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pod's /etc/hosts, /etc/resolv.conf and /etc/hostname, written into its sandbox directory and bind-mounted into each container. */
final class EtcFiles {
    static final String HOSTS = "hosts";
    static final String RESOLV_CONF = "resolv.conf";
    static final String HOSTNAME = "hostname";

    private EtcFiles() {
    }

    static void write(Path sandboxDir, String hostname, String podIp, DNSConfig dns) throws IOException {
        StringBuilder hosts = new StringBuilder()
                .append("# Kubernetes-managed hosts file (jctl).\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (podIp != null && !podIp.isEmpty()) {
            hosts.append(podIp).append('\t').append(hostname).append('\n');
        } else {
            hosts.append("127.0.1.1\t").append(hostname).append('\n');
        }
        // The sandbox is not there until its state file is written after these: no need for a rename each.
        Files.write(sandboxDir.resolve(HOSTS), hosts.toString().getBytes());
        Files.write(sandboxDir.resolve(RESOLV_CONF), resolvConf(dns).getBytes());
        Files.write(sandboxDir.resolve(HOSTNAME), (hostname + "\n").getBytes());
    }

    /** The DNS config given; when it is empty, the node's own resolv.conf (Kubernetes' dnsPolicy Default). */
    static String resolvConf(DNSConfig dns) throws IOException {
        if (dns == null || (dns.getServersCount() == 0 && dns.getSearchesCount() == 0 && dns.getOptionsCount() == 0)) {
            Path host = Path.of("/etc/resolv.conf");
            return Files.isReadable(host) ? Files.readString(host) : "";
        }
        StringBuilder b = new StringBuilder();
        if (dns.getSearchesCount() > 0) {
            b.append("search ").append(String.join(" ", dns.getSearchesList())).append('\n');
        }
        for (String server : dns.getServersList()) {
            b.append("nameserver ").append(server).append('\n');
        }
        if (dns.getOptionsCount() > 0) {
            b.append("options ").append(String.join(" ", dns.getOptionsList())).append('\n');
        }
        return b.toString();
    }
}
