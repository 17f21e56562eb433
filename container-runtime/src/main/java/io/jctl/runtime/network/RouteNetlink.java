package io.jctl.runtime.network;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rtnetlink operations the pod network needs — links, addresses, routes — over one
 * {@link NetlinkSocket}, in whichever network namespace that socket was opened.
 */
final class RouteNetlink implements Closeable {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_BRIDGE = 7;
    static final int IFF_UP = 0x1;

    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_SETLINK = 19;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_GETADDR = 22;
    private static final int RTM_NEWROUTE = 24;

    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_MASTER = 10;
    private static final int IFLA_PROTINFO = 12;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_GROUP = 27;
    private static final int IFLA_NET_NS_FD = 28;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int IFLA_BRPORT_MODE = 4;
    private static final int NLA_F_NESTED = 0x8000;

    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;

    private static final int RTA_GATEWAY = 5;
    private static final int RTA_OIF = 4;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RTPROT_BOOT = 3;
    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RTN_UNICAST = 1;

    /** A network interface as the kernel reports it; {@code master} is 0 when it has none. */
    record Link(int index, String name, int flags, int master, String kind) {
        boolean isUp() {
            return (flags & IFF_UP) != 0;
        }
    }

    /** An IPv4 address on an interface. */
    record Address(int index, int ip, int prefixLength) {
    }

    private final NetlinkSocket socket;

    RouteNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens rtnetlink in the calling thread's network namespace. */
    static RouteNetlink open() throws IOException {
        return new RouteNetlink(NetlinkSocket.open());
    }

    Optional<Link> link(String name) throws IOException {
        return link(new NetlinkMessage(RTM_GETLINK, 0).ifinfomsg(AF_UNSPEC, 0, 0, 0).attributeString(IFLA_IFNAME, name),
                "get link " + name);
    }

    Optional<Link> link(int index) throws IOException {
        return link(new NetlinkMessage(RTM_GETLINK, 0).ifinfomsg(AF_UNSPEC, index, 0, 0), "get link #" + index);
    }

    private Optional<Link> link(NetlinkMessage request, String what) throws IOException {
        try {
            List<ByteBuffer> replies = socket.query(request, what);
            return replies.isEmpty() ? Optional.empty() : Optional.of(parseLink(replies.get(0)));
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    List<Link> links() throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_GETLINK, NetlinkSocket.NLM_F_DUMP)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0);
        List<Link> links = new ArrayList<>();
        for (ByteBuffer reply : socket.query(request, "list links")) {
            links.add(parseLink(reply));
        }
        return links;
    }

    private static Link parseLink(ByteBuffer payload) {
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        RtAttributes attributes = RtAttributes.parse(payload, 16, payload.limit());
        String kind = attributes.getNested(IFLA_LINKINFO)
                .flatMap(info -> info.getString(IFLA_INFO_KIND)).orElse("");
        return new Link(index, attributes.getString(IFLA_IFNAME).orElse(""), flags,
                attributes.getInt(IFLA_MASTER).orElse(0), kind);
    }

    /**
     * Creates a bridge with a fixed MAC address: a bridge without one takes the lowest MAC of its
     * ports, so it would change as pods come and go and leave stale gateway entries in their ARP caches.
     */
    void createBridge(String name, byte[] mac) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWLINK, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_EXCL)
                .ifinfomsg(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attributeString(IFLA_IFNAME, name)
                .attribute(IFLA_ADDRESS, mac)
                .beginNested(IFLA_LINKINFO)
                .attributeString(IFLA_INFO_KIND, "bridge")
                .endNested();
        socket.execute(request, "create bridge " + name);
    }

    void setUp(int index, String name) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWLINK, 0).ifinfomsg(AF_UNSPEC, index, IFF_UP, IFF_UP);
        socket.execute(request, "set link " + name + " up");
    }

    void setMasterAndUp(int index, String name, int master) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWLINK, 0)
                .ifinfomsg(AF_UNSPEC, index, IFF_UP, IFF_UP)
                .attributeInt(IFLA_MASTER, master);
        socket.execute(request, "attach " + name + " to its bridge");
    }

    /**
     * Creates a veth pair in one request: {@code hostName} here, attached to {@code master}, still
     * down (the caller sets it up once its settings are made); its peer created directly inside the namespace {@code peerNetnsFd} refers to, as
     * {@code peerName}, still down (the kernel configures the peer before the two ends know each
     * other, so asking for it up here fails with ENOTCONN).
     */
    void createVeth(String hostName, int master, int mtu, String peerName, int peerNetnsFd) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWLINK, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_EXCL)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0)
                .attributeString(IFLA_IFNAME, hostName)
                .attributeInt(IFLA_MASTER, master);
        if (mtu > 0) {
            request.attributeInt(IFLA_MTU, mtu);
        }
        request.beginNested(IFLA_LINKINFO)
                .attributeString(IFLA_INFO_KIND, "veth")
                .beginNested(IFLA_INFO_DATA)
                .beginNested(VETH_INFO_PEER)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0)
                .attributeString(IFLA_IFNAME, peerName)
                .attributeInt(IFLA_NET_NS_FD, peerNetnsFd);
        if (mtu > 0) {
            request.attributeInt(IFLA_MTU, mtu);
        }
        request.endNested().endNested().endNested();
        socket.execute(request, "create veth " + hostName);
    }

    /**
     * Lets the bridge send a frame back out of the port it came in on. With br_netfilter loaded,
     * a pod's packet to its own host port is DNATed while still being bridged and has to go back
     * out of that pod's port.
     */
    void setHairpin(int index, String name) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_SETLINK, 0)
                .ifinfomsg(AF_BRIDGE, index, 0, 0)
                .beginNested(IFLA_PROTINFO | NLA_F_NESTED) // the bridge reads a non-nested one as a port state
                .attribute(IFLA_BRPORT_MODE, new byte[] {1})
                .endNested();
        socket.execute(request, "set hairpin mode on " + name);
    }

    /** Puts a link into an interface group (a number the kernel keeps per link). */
    void setGroup(int index, String name, int group) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWLINK, 0)
                .ifinfomsg(AF_UNSPEC, index, 0, 0)
                .attributeInt(IFLA_GROUP, group);
        socket.execute(request, "set group of " + name);
    }

    /** Deletes every link of a group in one kernel batch; returns false if there was none. */
    boolean deleteGroup(int group) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_DELLINK, 0)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0)
                .attributeInt(IFLA_GROUP, group);
        try {
            socket.execute(request, "delete link group " + group);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes a link by name; returns false if there was none. Deleting one end of a veth deletes both. */
    boolean deleteLink(String name) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_DELLINK, 0)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0)
                .attributeString(IFLA_IFNAME, name);
        try {
            socket.execute(request, "delete link " + name);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    List<Address> addresses(int index) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_GETADDR, NetlinkSocket.NLM_F_DUMP)
                .ifaddrmsg(AF_INET, 0, 0, 0, 0);
        List<Address> addresses = new ArrayList<>();
        for (ByteBuffer reply : socket.query(request, "list addresses")) {
            int prefixLength = Byte.toUnsignedInt(reply.get(1));
            int replyIndex = reply.getInt(4);
            if (replyIndex != index) {
                continue;
            }
            RtAttributes attributes = RtAttributes.parse(reply, 8, reply.limit());
            attributes.get(IFA_LOCAL).or(() -> attributes.get(IFA_ADDRESS))
                    .ifPresent(ip -> addresses.add(new Address(replyIndex, ip.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(0), prefixLength)));
        }
        return addresses;
    }

    /** Adds (or refreshes) an IPv4 address; the kernel adds the prefix route with it. */
    void addAddress(int index, String name, int ip, int prefixLength) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWADDR, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_REPLACE)
                .ifaddrmsg(AF_INET, prefixLength, 0, RT_SCOPE_UNIVERSE, index)
                .attribute(IFA_LOCAL, Ipv4Cidr.bytes(ip))
                .attribute(IFA_ADDRESS, Ipv4Cidr.bytes(ip));
        socket.execute(request, "add address " + Ipv4Cidr.format(ip) + "/" + prefixLength + " to " + name);
    }

    /** Sets the default route (replacing any) via {@code gateway} out of interface {@code index}. */
    void replaceDefaultRoute(int gateway, int index) throws IOException {
        NetlinkMessage request = new NetlinkMessage(RTM_NEWROUTE, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_REPLACE)
                .rtmsg(AF_INET, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST)
                .attribute(RTA_GATEWAY, Ipv4Cidr.bytes(gateway))
                .attributeInt(RTA_OIF, index);
        socket.execute(request, "add default route via " + Ipv4Cidr.format(gateway));
    }

    @Override
    public void close() {
        socket.close();
    }
}
