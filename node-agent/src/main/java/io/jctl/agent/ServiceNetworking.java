package io.jctl.agent;

import io.jctl.agent.dns.ClusterDns;
import io.jctl.agent.dns.DnsConfig;
import io.jctl.agent.proxy.LoopbackNodePorts;
import io.jctl.agent.proxy.ProxyConfig;
import io.jctl.agent.proxy.ServiceProxy;
import io.jctl.agent.routes.PodRoutes;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.runtime.network.HostRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What makes Services work on a node, next to the pods: the service proxy (iptables), the
 * cluster DNS on the node's pod-network gateway, and routes to the other nodes' pod CIDRs (whose
 * devices get what node ports on 127.0.0.1 need), all fed by one set of informers. The gateway
 * address belongs to the runtime's bridge, which may come up after the agent: DNS is started once
 * the address exists, retried every second.
 * {@link #close()} leaves rules and routes in place for the next agent; {@link #cleanup()}
 * removes them.
 */
public final class ServiceNetworking implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNetworking.class);
    public static final String DEFAULT_CLUSTER_CIDR = "10.88.0.0/16";

    /**
     * @param nodeName      this node (it gets no route to itself)
     * @param podCidr       this node's pod CIDR; its first address is the DNS server's
     * @param clusterCidr   every node's pod addresses; traffic to cluster IPs from elsewhere is masqueraded
     * @param clusterDomain the DNS zone, {@code cluster.local}
     * @param dnsPort       53, or another port (tests)
     * @param chainPrefix   prefix of the proxy's iptables chains
     */
    public record Options(String nodeName, String podCidr, String clusterCidr, String clusterDomain, int dnsPort,
                          String chainPrefix) {
        public static Options of(String nodeName, String podCidr, String clusterCidr, String clusterDomain) {
            return new Options(nodeName, podCidr, clusterCidr, clusterDomain, 53, ProxyConfig.DEFAULT_CHAIN_PREFIX);
        }
    }

    private final Options options;
    private final InformerFactory informers;
    private final ServiceProxy proxy;
    private final ClusterDns dns;
    private final PodRoutes routes;
    private final LoopbackNodePorts loopbackNodePorts;
    private final ScheduledExecutorService dnsStarter;
    private volatile boolean dnsRunning;

    private ServiceNetworking(Options options, InformerFactory informers, ServiceProxy proxy, ClusterDns dns,
                              PodRoutes routes, LoopbackNodePorts loopbackNodePorts) {
        this.options = options;
        this.informers = informers;
        this.proxy = proxy;
        this.dns = dns;
        this.routes = routes;
        this.loopbackNodePorts = loopbackNodePorts;
        this.dnsStarter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jctl-dns-starter");
            t.setDaemon(true);
            return t;
        });
    }

    /** The address pods with dnsPolicy ClusterFirst use: the first of the node's pod CIDR. */
    public static String dnsAddress(String podCidr) {
        return HostRoutes.firstAddress(podCidr);
    }

    /** Starts proxy, routes and (now or once the gateway exists) DNS; returns at once. */
    public static ServiceNetworking start(ApiClient api, Options options) throws IOException {
        if (!HostRoutes.covers(options.clusterCidr(), options.podCidr())) {
            LOG.warn("cluster CIDR {} does not contain this node's pod CIDR {}: traffic from pods to Services "
                    + "will be masqueraded", options.clusterCidr(), options.podCidr());
        }
        InformerFactory informers = new InformerFactory(api);
        ProxyConfig proxyConfig = ProxyConfig.defaults().withChainPrefix(options.chainPrefix())
                .withClusterCidr(options.clusterCidr()).withNodeIps(List.of());
        ServiceProxy proxy = new ServiceProxy(informers, proxyConfig);
        LoopbackNodePorts loopbackNodePorts = new LoopbackNodePorts(proxyConfig);
        ClusterDns dns = new ClusterDns(informers, DnsConfig.defaults(dnsAddress(options.podCidr()))
                .withPort(options.dnsPort()).withClusterDomain(options.clusterDomain()));
        PodRoutes routes = new PodRoutes(informers, HostRoutes.open(HostRoutes.JCTL_PROTOCOL), options.nodeName(),
                options.clusterCidr(), loopbackNodePorts::apply);
        ServiceNetworking s = new ServiceNetworking(options, informers, proxy, dns, routes, loopbackNodePorts);
        proxy.start();
        routes.start();
        s.dnsStarter.execute(s::startDnsWhenAddressExists);
        return s;
    }

    private void startDnsWhenAddressExists() {
        String address = dnsAddress(options.podCidr());
        try {
            if (NetworkInterface.getByInetAddress(InetAddress.getByName(address)) == null) {
                LOG.debug("cluster DNS waiting for {} on the pod bridge", address);
                dnsStarter.schedule(this::startDnsWhenAddressExists, 1, TimeUnit.SECONDS);
                return;
            }
            dns.start();
            dnsRunning = true;
            LOG.info("cluster DNS serving on {}:{}", address, dns.port());
        } catch (IOException e) {
            LOG.warn("cluster DNS cannot start yet, retrying: {}", e.getMessage());
            dnsStarter.schedule(this::startDnsWhenAddressExists, 5, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("cluster DNS failed to start", e);
        }
    }

    /** Whether the DNS server is listening. */
    public boolean dnsRunning() {
        return dnsRunning;
    }

    public ServiceProxy proxy() {
        return proxy;
    }

    public PodRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        stopDnsStarter();
        dns.close();
        routes.close();
        proxy.close();
        informers.stop();
    }

    /**
     * What {@code jctld down} runs on a node whose agent is gone: removes the proxy's chains with
     * {@code chainPrefix} and our routes to pod CIDRs inside {@code clusterCidr} in this network
     * namespace (routes of ours outside it belong to another cluster on this machine).
     */
    public static void removeAll(String chainPrefix, String clusterCidr) throws IOException {
        ProxyConfig proxyConfig = ProxyConfig.defaults().withChainPrefix(chainPrefix);
        ServiceProxy.cleanup(proxyConfig);
        new LoopbackNodePorts(proxyConfig).cleanup();
        try (HostRoutes routes = HostRoutes.open(HostRoutes.JCTL_PROTOCOL)) {
            for (HostRoutes.Route r : routes.routes()) {
                if (HostRoutes.covers(clusterCidr, r.destination())) {
                    routes.delete(r.destination());
                }
            }
        }
    }

    private void stopDnsStarter() {
        dnsStarter.shutdownNow();
        try {
            dnsStarter.awaitTermination(5, TimeUnit.SECONDS); // a start under way must not bind after close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops everything and removes the proxy's chains and our routes. */
    public void cleanup() throws IOException {
        stopDnsStarter();
        dns.close();
        try {
            routes.cleanup();
        } finally {
            try {
                proxy.cleanup();
                loopbackNodePorts.cleanup();
            } finally {
                informers.stop();
            }
        }
    }
}
