package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node's pod network: a Linux bridge holding the gateway address of the node's pod CIDR, and
 * per pod a veth pair whose inner end becomes {@code eth0} in the pod's network namespace, an
 * address from {@link HostLocalIpam}, and DNAT rules for its host ports.
 *
 * <p>Links, addresses and routes are set over rtnetlink (a few round trips per pod, no process);
 * only host ports spawn {@code iptables-restore}, once per pod that has any. The constructor sets
 * up the node (bridge, sysctls, chains) and may be run again after a restart. Calls for one
 * sandbox must not overlap; calls for different sandboxes may.
 */
public final class BridgeNetwork implements PodNetwork, Closeable {
    /** Host-side veth names are this prefix and 8 hex digits of the sandbox id's SHA-256. */
    public static final String VETH_PREFIX = "veth";
    static final String POD_INTERFACE = "eth0";
    private static final int LOOPBACK_INDEX = 1; // the kernel gives lo index 1 in every namespace
    /** Interface group marking veths about to be deleted: "JC" and the bridge's index. */
    private static final int DELETION_GROUP_BASE = 0x4a430000;
    private static final Pattern SANDBOX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final BridgeNetworkConfig config;
    private final Ipv4Cidr cidr;
    private final int mtu;
    private final RouteNetlink host;
    private final HostLocalIpam ipam;
    private final IptablesRules rules;
    private final int bridgeIndex;
    private final BatchedLinkDeletion linkDeletion;

    /** Sets up (or checks) the bridge, sysctls and iptables chains of this node, and loads the allocations. */
    public BridgeNetwork(BridgeNetworkConfig config) throws IOException {
        this.config = config;
        this.cidr = Ipv4Cidr.parse(config.podCidr());
        this.mtu = config.mtu() > 0 ? config.mtu() : NodeInterfaces.defaultRouteMtu();
        this.ipam = new HostLocalIpam(config.ipamDirectory(), cidr);
        this.rules = new IptablesRules(new IptablesCommands(config.iptables()), config.chainPrefix());
        this.host = RouteNetlink.open();
        try {
            this.bridgeIndex = ensureBridge();
            this.linkDeletion = new BatchedLinkDeletion(host, DELETION_GROUP_BASE | (bridgeIndex & 0xffff));
            // Host ports on 127.0.0.1: let packets from loopback addresses be routed out of the bridge.
            NodeInterfaces.writeSysctl("net/ipv4/conf/" + config.bridgeName() + "/route_localnet", "1");
            // Pods reach each other through host ports (routed in and out of the bridge) even
            // when the node does not forward in general.
            NodeInterfaces.writeSysctl("net/ipv4/conf/" + config.bridgeName() + "/forwarding", "1");
            if (config.enableIpForward()) {
                NodeInterfaces.writeSysctl("net/ipv4/ip_forward", "1");
            }
            List<Ipv4Cidr> direct = config.nonMasqueradeCidrs().isEmpty()
                    ? List.of(cidr) : config.nonMasqueradeCidrs().stream().map(Ipv4Cidr::parse).toList();
            rules.ensureNodeRules(config.bridgeName(), cidr, direct, config.masquerade());
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private int ensureBridge() throws IOException {
        String name = config.bridgeName();
        RouteNetlink.Link bridge = host.link(name).orElse(null);
        if (bridge == null) {
            try {
                host.createBridge(name, randomMac());
            } catch (NetlinkException e) {
                if (e.errno() != NetlinkException.EEXIST) {
                    throw e;
                }
            }
            bridge = host.link(name).orElseThrow(() -> new IOException("bridge " + name + " vanished after creation"));
        }
        if (!bridge.kind().equals("bridge")) {
            throw new IOException("interface " + name + " exists and is a " + (bridge.kind().isEmpty() ? "device" : bridge.kind())
                    + ", not a bridge; configure another bridge name");
        }
        int gateway = cidr.gateway();
        boolean hasGateway = host.addresses(bridge.index()).stream()
                .anyMatch(a -> a.ip() == gateway && a.prefixLength() == cidr.prefixLength());
        if (!hasGateway) {
            host.addAddress(bridge.index(), name, gateway, cidr.prefixLength());
        }
        if (!bridge.isUp()) {
            host.setUp(bridge.index(), name);
        }
        return bridge.index();
    }

    @Override
    public PodNetworkStatus setUp(String sandboxId, Path netnsPath, List<PortMapping> portMappings) throws IOException {
        checkSandboxId(sandboxId);
        List<HostPort> hostPorts = HostPort.of(portMappings);
        boolean fresh = ipam.get(sandboxId) == null;
        HostLocalIpam.Allocation allocation = ipam.allocate(sandboxId);
        try {
            connect(sandboxId, netnsPath, allocation.ip());
            if (!allocation.hostPorts().isEmpty()) { // a repeated setUp: replace what was installed
                rules.removeHostPorts(sandboxId, allocation.ip(), allocation.hostPorts());
                allocation = ipam.recordHostPorts(sandboxId, List.of());
            }
            if (!hostPorts.isEmpty()) {
                allocation = ipam.recordHostPorts(sandboxId, hostPorts);
                rules.addHostPorts(sandboxId, allocation.ip(), hostPorts);
            }
        } catch (IOException | RuntimeException e) {
            if (fresh) {
                try {
                    tearDown(sandboxId, netnsPath, portMappings);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return new PodNetworkStatus(Ipv4Cidr.format(allocation.ip()), cidr.prefixLength(), Ipv4Cidr.format(cidr.gateway()));
    }

    private void connect(String sandboxId, Path netnsPath, int ip) throws IOException {
        String veth = hostVethName(sandboxId);
        int netnsFd = InNetworkNamespace.open(netnsPath.toString());
        try {
            boolean created = createVeth(veth, netnsFd);
            boolean inside = configureInside(netnsFd, netnsPath, ip, !created);
            if (!created && !inside) {
                // A veth of that name whose peer is not in this namespace: replace it.
                host.deleteLink(veth);
                createVeth(veth, netnsFd);
                configureInside(netnsFd, netnsPath, ip, false);
            } else if (!created) {
                RouteNetlink.Link link = host.link(veth).orElseThrow(() -> new IOException(veth + " vanished"));
                host.setMasterAndUp(link.index(), veth, bridgeIndex);
                host.setHairpin(link.index(), veth);
            }
        } finally {
            InNetworkNamespace.close(netnsFd);
        }
    }

    /** Creates the pair; false if the host side already exists. */
    private boolean createVeth(String veth, int netnsFd) throws IOException {
        try {
            host.createVeth(veth, bridgeIndex, mtu, POD_INTERFACE, netnsFd);
            RouteNetlink.Link link = host.link(veth).orElseThrow(() -> new IOException(veth + " vanished"));
            NodeInterfaces.disableIpv6(veth);
            host.setHairpin(link.index(), veth);
            host.setUp(link.index(), veth);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Inside the pod: address on eth0, eth0 and lo up, default route via the gateway. Returns
     * false, changing nothing, when {@code mayBeMissing} and there is no eth0.
     */
    private boolean configureInside(int netnsFd, Path netnsPath, int ip, boolean mayBeMissing) throws IOException {
        return InNetworkNamespace.run(netnsFd, netnsPath.toString(), () -> {
            try (RouteNetlink pod = RouteNetlink.open()) {
                RouteNetlink.Link eth0 = pod.link(POD_INTERFACE).orElse(null);
                if (eth0 == null) {
                    if (mayBeMissing) {
                        return false;
                    }
                    throw new IOException("no " + POD_INTERFACE + " in " + netnsPath + " after creating the veth pair");
                }
                pod.addAddress(eth0.index(), POD_INTERFACE, ip, cidr.prefixLength());
                if (!eth0.isUp()) {
                    NodeInterfaces.disableIpv6(POD_INTERFACE);
                    pod.setUp(eth0.index(), POD_INTERFACE);
                }
                pod.setUp(LOOPBACK_INDEX, "lo");
                pod.replaceDefaultRoute(cidr.gateway(), eth0.index());
                return true;
            }
        });
    }

    @Override
    public void tearDown(String sandboxId, Path netnsPath, List<PortMapping> portMappings) throws IOException {
        checkSandboxId(sandboxId);
        linkDeletion.delete(hostVethName(sandboxId));
        HostLocalIpam.Allocation allocation = ipam.get(sandboxId);
        if (allocation != null && !allocation.hostPorts().isEmpty()) {
            rules.removeHostPorts(sandboxId, allocation.ip(), allocation.hostPorts());
        } else if (allocation == null && !HostPort.of(portMappings).isEmpty()) {
            rules.removeHostPorts(sandboxId, 0, List.of()); // no record: find its rules by their comment
        }
        ipam.release(sandboxId);
    }

    @Override
    public void garbageCollect(Set<String> liveSandboxIds) throws IOException {
        Set<String> liveVeths = new HashSet<>();
        for (String id : liveSandboxIds) {
            liveVeths.add(hostVethName(id));
        }
        Set<String> doomedVeths = new HashSet<>();
        List<HostLocalIpam.Allocation> doomedAllocations = ipam.all().stream()
                .filter(allocation -> !liveSandboxIds.contains(allocation.sandboxId())).toList();
        for (HostLocalIpam.Allocation allocation : doomedAllocations) {
            doomedVeths.add(hostVethName(allocation.sandboxId()));
        }
        for (RouteNetlink.Link link : host.links()) {
            // Only veths on our bridge: other tools' veths on this node are not ours to judge.
            if (link.master() == bridgeIndex && link.name().startsWith(VETH_PREFIX) && !liveVeths.contains(link.name())) {
                doomedVeths.add(link.name());
            }
        }
        linkDeletion.deleteAll(doomedVeths);
        rules.removeHostPortsExcept(liveSandboxIds);
        for (HostLocalIpam.Allocation allocation : doomedAllocations) {
            ipam.release(allocation.sandboxId());
        }
    }

    /** Removes everything this network put on the node: pods' links, rules and addresses, the chains, the bridge. */
    public void removeAll() throws IOException {
        garbageCollect(Set.of());
        rules.removeAll();
        host.deleteLink(config.bridgeName());
        Files.deleteIfExists(config.ipamDirectory()); // empty by now
    }

    /** The pod's address, if it has one. */
    public Optional<PodNetworkStatus> status(String sandboxId) {
        HostLocalIpam.Allocation allocation = ipam.get(sandboxId);
        return Optional.ofNullable(allocation).map(a -> new PodNetworkStatus(Ipv4Cidr.format(a.ip()),
                cidr.prefixLength(), Ipv4Cidr.format(cidr.gateway())));
    }

    public BridgeNetworkConfig config() {
        return config;
    }

    /** The gateway address pods route through (the bridge's address). */
    public String gateway() {
        return Ipv4Cidr.format(cidr.gateway());
    }

    /** Closes the netlink socket; the node's network stays as it is for the next start. */
    @Override
    public void close() {
        host.close();
    }

    /** The host-side veth name of a sandbox: {@code veth} and 8 hex digits of its id's SHA-256. */
    public static String hostVethName(String sandboxId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sandboxId.getBytes(StandardCharsets.UTF_8));
            return VETH_PREFIX + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkSandboxId(String sandboxId) {
        if (!SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new IllegalArgumentException("sandbox id '" + sandboxId
                    + "' must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
    }

    private static byte[] randomMac() {
        byte[] mac = new byte[6];
        new SecureRandom().nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfe) | 0x02); // unicast, locally administered
        return mac;
    }
}
