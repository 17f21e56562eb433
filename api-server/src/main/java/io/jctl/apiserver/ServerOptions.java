package io.jctl.apiserver;

import io.jctl.apiserver.allocation.Ipv4Range;
import io.jctl.apiserver.allocation.PortRange;
import io.jctl.apiserver.allocation.ServiceRanges;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The api-server's command-line options, a picocli mixin shared by {@code jctld server} (the whole
 * control plane) and {@link ServerCommand} (the api-server alone).
 */
public final class ServerOptions {
    @Option(names = "--data-dir", description = "Certificates, tokens and the embedded store (default: ${DEFAULT-VALUE}).",
            defaultValue = "/var/lib/jctl/server")
    Path dataDir;

    @Option(names = "--bind-address", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--port", defaultValue = "6443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--etcd-endpoints", split = ",", paramLabel = "URL",
            description = "Use this etcd cluster instead of the embedded store, e.g. http://h1:2379,http://h2:2379.")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--advertise-address", split = ",", paramLabel = "ADDR",
            description = "Address clients reach the server at; added to the serving certificate. The first one that is a "
                    + "non-loopback IP is the endpoint of Service default/kubernetes, for pods.")
    List<String> advertiseAddresses = new ArrayList<>();

    @Option(names = "--token-auth-file", paramLabel = "FILE",
            description = "CSV of bearer tokens for nodes and components: token,user,uid,\"group1,group2\".")
    Path tokenAuthFile;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE",
            description = "Also write the admin kubeconfig here (it always goes to $HOME/.jctl/config).")
    List<Path> kubeconfigOut = new ArrayList<>();

    @Option(names = "--compaction-interval", defaultValue = "PT5M",
            description = "How often old revisions are compacted, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration compactionInterval;

    @Option(names = "--service-cluster-ip-range", defaultValue = "10.96.0.0/12", paramLabel = "CIDR",
            description = "Cluster IPs of Services come from this IPv4 CIDR; its first address is Service "
                    + "default/kubernetes's (default: ${DEFAULT-VALUE}).")
    String serviceClusterIpRange;

    @Option(names = "--service-node-port-range", defaultValue = "30000-32767", paramLabel = "FIRST-LAST",
            description = "Node ports of NodePort Services come from this range (default: ${DEFAULT-VALUE}).")
    String serviceNodePortRange;

    public Path dataDir() {
        return dataDir;
    }

    public ServerConfig toConfig() {
        return ServerConfig.defaults(dataDir).withBindAddress(bindAddress).withPort(port)
                .withEtcd(etcdEndpoints).withAdvertiseAddresses(advertiseAddresses)
                .withTokenAuthFile(Optional.ofNullable(tokenAuthFile)).withKubeconfigOut(kubeconfigOut)
                .withCompactionInterval(compactionInterval)
                .withServiceRanges(new ServiceRanges(Ipv4Range.parse(serviceClusterIpRange),
                        PortRange.parse(serviceNodePortRange)));
    }
}
