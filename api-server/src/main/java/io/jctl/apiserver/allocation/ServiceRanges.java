package io.jctl.apiserver.allocation;

/** Where Service cluster IPs and node ports come from ({@code --service-cluster-ip-range}, {@code --service-node-port-range}). */
public record ServiceRanges(Ipv4Range clusterIps, PortRange nodePorts) {
    public static ServiceRanges defaults() {
        return new ServiceRanges(Ipv4Range.parse("10.96.0.0/12"), new PortRange(30000, 32767));
    }
}
