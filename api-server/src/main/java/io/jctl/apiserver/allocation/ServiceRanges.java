package io.jctl.apiserver.allocation;

/** Where Service cluster IPs and node ports come from ({@code --service-cluster-ip-range}, {@code --service-node-port-range}). */
public record ServiceRanges(Ipv4Range clusterIps, PortRange nodePorts) {
    /** Namespace and name of the Service that fronts the api-server itself. */
    public static final String KUBERNETES_SERVICE_NAMESPACE = "default";
    public static final String KUBERNETES_SERVICE_NAME = "kubernetes";

    public static ServiceRanges defaults() {
        return new ServiceRanges(Ipv4Range.parse("10.96.0.0/12"), new PortRange(30000, 32767));
    }

    /**
     * The first address of the service CIDR (10.96.0.1 for 10.96.0.0/12): the {@code kubernetes}
     * Service's cluster IP, as kube-apiserver reserves it. It lies in the static band, so dynamic
     * picks would take it last; {@link ServiceAllocations} never gives it to another Service.
     */
    public String kubernetesServiceIp() {
        return clusterIps.address(1);
    }
}
