package io.jctl.runtime.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a node's {@link BridgeNetwork} is set up.
 *
 * @param runtimeRoot        the runtime's state root; address allocations live in
 *                           {@code <runtimeRoot>/network/ipam/<bridgeName>/}
 * @param bridgeName         the bridge, at most 15 characters ({@code jctl0})
 * @param podCidr            the node's pod CIDR, prefix 8 to 30 ({@code 10.88.0.0/24}); its first
 *                           address is the bridge's and the pods' gateway
 * @param mtu                MTU of the pods' veths; 0 takes that of the interface holding the default route
 * @param chainPrefix        prefix of our iptables chains ({@code JCTL} gives JCTL-HOSTPORTS,
 *                           JCTL-POSTROUTING, JCTL-FORWARD), at most 16 characters
 * @param masquerade         whether traffic from pods to outside {@code nonMasqueradeCidrs} is masqueraded
 * @param nonMasqueradeCidrs destinations reached with the pod's own address; empty means the pod CIDR
 *                           (a multi-node cluster adds the cluster-wide pod CIDR here)
 * @param enableIpForward    whether to switch on {@code net.ipv4.ip_forward}, which pods need to leave the node
 * @param iptables           the iptables command; {@code -save} and {@code -restore} are appended for the others
 */
public record BridgeNetworkConfig(
        Path runtimeRoot,
        String bridgeName,
        String podCidr,
        int mtu,
        String chainPrefix,
        boolean masquerade,
        List<String> nonMasqueradeCidrs,
        boolean enableIpForward,
        String iptables) {

    public static final String DEFAULT_BRIDGE = "jctl0";
    public static final String DEFAULT_POD_CIDR = "10.88.0.0/24";
    public static final String DEFAULT_CHAIN_PREFIX = "JCTL";

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern CHAIN_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    public BridgeNetworkConfig {
        Objects.requireNonNull(runtimeRoot, "runtimeRoot");
        if (!INTERFACE_NAME.matcher(bridgeName).matches()) {
            throw new IllegalArgumentException("bridge name '" + bridgeName
                    + "' must be 1-15 letters, digits, '_', '.' or '-'");
        }
        Ipv4Cidr cidr = Ipv4Cidr.parse(podCidr);
        if (cidr.prefixLength() < 8 || cidr.prefixLength() > 30) {
            throw new IllegalArgumentException("pod CIDR " + podCidr + " must have a prefix length between 8 and 30");
        }
        if (mtu != 0 && (mtu < 576 || mtu > 65535)) {
            throw new IllegalArgumentException("MTU " + mtu + " must be 0 (automatic) or between 576 and 65535");
        }
        if (!CHAIN_PREFIX.matcher(chainPrefix).matches()) {
            throw new IllegalArgumentException("iptables chain prefix '" + chainPrefix
                    + "' must be 1-16 letters, digits, '_' or '-'");
        }
        nonMasqueradeCidrs = List.copyOf(nonMasqueradeCidrs);
        nonMasqueradeCidrs.forEach(Ipv4Cidr::parse);
        Objects.requireNonNull(iptables, "iptables");
    }

    /** jctl0 with 10.88.0.0/24, chains JCTL-*, masquerading, IP forwarding on, automatic MTU. */
    public static BridgeNetworkConfig defaults(Path runtimeRoot) {
        return new BridgeNetworkConfig(runtimeRoot, DEFAULT_BRIDGE, DEFAULT_POD_CIDR, 0, DEFAULT_CHAIN_PREFIX,
                true, List.of(), true, "iptables");
    }

    public BridgeNetworkConfig withBridgeName(String name) {
        return new BridgeNetworkConfig(runtimeRoot, name, podCidr, mtu, chainPrefix, masquerade, nonMasqueradeCidrs,
                enableIpForward, iptables);
    }

    public BridgeNetworkConfig withPodCidr(String cidr) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, cidr, mtu, chainPrefix, masquerade, nonMasqueradeCidrs,
                enableIpForward, iptables);
    }

    public BridgeNetworkConfig withMtu(int value) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, podCidr, value, chainPrefix, masquerade,
                nonMasqueradeCidrs, enableIpForward, iptables);
    }

    public BridgeNetworkConfig withChainPrefix(String prefix) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, podCidr, mtu, prefix, masquerade, nonMasqueradeCidrs,
                enableIpForward, iptables);
    }

    public BridgeNetworkConfig withMasquerade(boolean value, List<String> exceptTo) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, podCidr, mtu, chainPrefix, value, exceptTo,
                enableIpForward, iptables);
    }

    public BridgeNetworkConfig withIpForward(boolean value) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, podCidr, mtu, chainPrefix, masquerade,
                nonMasqueradeCidrs, value, iptables);
    }

    public BridgeNetworkConfig withIptables(String command) {
        return new BridgeNetworkConfig(runtimeRoot, bridgeName, podCidr, mtu, chainPrefix, masquerade,
                nonMasqueradeCidrs, enableIpForward, command);
    }

    /** Where this bridge's address allocations are kept. */
    public Path ipamDirectory() {
        return runtimeRoot.resolve("network").resolve("ipam").resolve(bridgeName);
    }
}
