package io.jctl.runtime.network;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IPv4 routes of the main table that carry one routing protocol number, for code outside this
 * package (the node agent's routes to other nodes' pod CIDRs). The protocol number marks a route
 * as its owner's: {@link #routes()} lists only those, so an owner can drop its stale routes after
 * a restart without touching anyone else's. Like the rest of this package it speaks rtnetlink
 * through {@link NetlinkSocket}, in the network namespace it was opened in.
 */
public final class HostRoutes implements Closeable {
    /** The protocol number jctl's own routes carry ("J"); iproute2 shows it as {@code proto 74}. */
    public static final int JCTL_PROTOCOL = 74;

    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_DELROUTE = 25;
    private static final int RTM_GETROUTE = 26;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_TABLE = 15;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RTN_UNICAST = 1;
    private static final int ENETUNREACH = 101;

    /**
     * A route {@code destination via gateway} out of the device with index {@code deviceIndex} (0
     * if the kernel named none; {@link #deviceName}); {@code destination} is a CIDR such as
     * {@code 10.88.1.0/24}.
     */
    public record Route(String destination, String gateway, int deviceIndex) {
    }

    private final NetlinkSocket socket;
    private final int protocol;

    private HostRoutes(NetlinkSocket socket, int protocol) {
        this.socket = socket;
        this.protocol = protocol;
    }

    /** Routes with {@code protocol} in the calling thread's network namespace. */
    public static HostRoutes open(int protocol) throws IOException {
        checkProtocol(protocol);
        return new HostRoutes(NetlinkSocket.open(), protocol);
    }

    /** Routes with {@code protocol} in the network namespace of a file such as {@code /run/netns/x}. */
    public static HostRoutes openIn(Path netns, int protocol) throws IOException {
        checkProtocol(protocol);
        int fd = InNetworkNamespace.open(netns.toString());
        try {
            return new HostRoutes(InNetworkNamespace.run(fd, netns.toString(), NetlinkSocket::open), protocol);
        } finally {
            InNetworkNamespace.close(fd);
        }
    }

    private static void checkProtocol(int protocol) {
        if (protocol < 5 || protocol > 255) {
            throw new IllegalArgumentException("route protocol " + protocol + " must be 5-255 (0-4 are the kernel's)");
        }
    }

    /** Our routes with a gateway in the main table. */
    public List<Route> routes() throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_GETROUTE, NetlinkSocket.NLM_F_DUMP)
                .rtmsg(RouteNetlink.AF_INET, 0, 0, 0, 0, 0);
        List<Route> out = new ArrayList<>();
        for (ByteBuffer reply : socket.query(request, "list routes")) {
            int dstLength = Byte.toUnsignedInt(reply.get(1));
            int table = Byte.toUnsignedInt(reply.get(4));
            int replyProtocol = Byte.toUnsignedInt(reply.get(5));
            RtAttributes attributes = RtAttributes.parse(reply, 12, reply.limit());
            table = attributes.getInt(RTA_TABLE).orElse(table);
            if (table != RT_TABLE_MAIN || replyProtocol != protocol) {
                continue;
            }
            ByteBuffer gateway = attributes.get(RTA_GATEWAY).orElse(null);
            if (gateway == null || gateway.remaining() != 4) {
                continue;
            }
            int dst = attributes.get(RTA_DST).map(HostRoutes::address).orElse(0);
            out.add(new Route(new Ipv4Cidr(dst, dstLength).toString(), Ipv4Cidr.format(address(gateway)),
                    attributes.getInt(RTA_OIF).orElse(0)));
        }
        return out;
    }

    /** The name of the device with {@code index} in this namespace, if there is one. */
    public Optional<String> deviceName(int index) throws IOException {
        return new RouteNetlink(socket).link(index).map(RouteNetlink.Link::name);
    }

    /**
     * Adds {@code destination via gateway}, replacing any route to the same destination. The
     * gateway must be on a directly connected network, as for {@code ip route replace}.
     */
    public void replace(String destination, String gateway) throws IOException {
        Ipv4Cidr dst = Ipv4Cidr.parse(destination);
        int via = Ipv4Cidr.parseAddress(gateway);
        NetlinkMessage request = new NetlinkMessage(RTM_NEWROUTE, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_REPLACE)
                .rtmsg(RouteNetlink.AF_INET, dst.prefixLength(), RT_TABLE_MAIN, protocol, RT_SCOPE_UNIVERSE, RTN_UNICAST)
                .attribute(RTA_DST, Ipv4Cidr.bytes(dst.network()))
                .attribute(RTA_GATEWAY, Ipv4Cidr.bytes(via));
        try {
            socket.execute(request, "add route " + dst + " via " + gateway);
        } catch (NetlinkException e) {
            if (e.errno() == ENETUNREACH) {
                throw new IOException("route " + dst + " via " + gateway + ": " + gateway
                        + " is not on a network this host is directly connected to", e);
            }
            throw e;
        }
    }

    /** Deletes our route to {@code destination}; false if there was none. */
    public boolean delete(String destination) throws IOException {
        Ipv4Cidr dst = Ipv4Cidr.parse(destination);
        NetlinkMessage request = new NetlinkMessage(RTM_DELROUTE, 0)
                .rtmsg(RouteNetlink.AF_INET, dst.prefixLength(), RT_TABLE_MAIN, protocol, RT_SCOPE_UNIVERSE, 0)
                .attribute(RTA_DST, Ipv4Cidr.bytes(dst.network()));
        try {
            socket.execute(request, "delete route " + dst);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ESRCH || e.errno() == NetlinkException.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** {@code a.b.c.d} of the first address of a CIDR: the gateway of a node's pod network. */
    public static String firstAddress(String cidr) {
        return Ipv4Cidr.format(Ipv4Cidr.parse(cidr).gateway());
    }

    /** Whether {@code cidr} contains {@code other} entirely. */
    public static boolean covers(String cidr, String other) {
        Ipv4Cidr outer = Ipv4Cidr.parse(cidr);
        Ipv4Cidr inner = Ipv4Cidr.parse(other);
        return inner.prefixLength() >= outer.prefixLength() && outer.contains(inner.network());
    }

    private static int address(ByteBuffer b) {
        return b.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(0);
    }

    @Override
    public void close() {
        socket.close();
    }
}
