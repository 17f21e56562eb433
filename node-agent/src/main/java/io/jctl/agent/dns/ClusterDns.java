package io.jctl.agent.dns;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.cache.SharedInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster DNS server of a node, over UDP and TCP on one address and port. Names in the
 * cluster domain are answered from the Service and Endpoints caches ({@link ClusterRecords}),
 * authoritatively, with the configured TTL; until both caches have synced such questions get
 * SERVFAIL rather than an NXDOMAIN a client would cache. Other names are forwarded to the
 * upstream resolvers (asynchronously, so a slow upstream holds no thread) and their answers
 * passed back as they are; a client on UDP gets a truncated answer it retries over TCP.
 */
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int TCP_IDLE_MILLIS = 10_000;
    private static final int MAX_TCP_CONNECTIONS = 64;

    private final DnsConfig config;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private ClusterView view;
    private ClusterRecords records;
    private Resolver udpUpstream;
    private Resolver tcpUpstream;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private ExecutorService tcpConnections;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /** A server using the process's shared informers (it starts the factory if nobody has yet). */
    public ClusterDns(InformerFactory informers, DnsConfig config) {
        this(informers, false, config);
    }

    /** A server with informers of its own, stopped with it. */
    public ClusterDns(ApiClient client, DnsConfig config) {
        this(new InformerFactory(client), true, config);
    }

    private ClusterDns(InformerFactory informers, boolean ownsInformers, DnsConfig config) {
        this.informers = Objects.requireNonNull(informers, "informers");
        this.ownsInformers = ownsInformers;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** For tests: answers from the given view instead of informers. */
    ClusterDns(ClusterView view, DnsConfig config) {
        this.informers = null;
        this.ownsInformers = false;
        this.view = view;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** What the server reads the cluster from. */
    interface ClusterView {
        Service service(String namespace, String name);

        List<Service> services(String namespace);

        Endpoints endpoints(String namespace, String name);

        /** False until the caches hold a complete first list. */
        boolean synced();
    }

    private static ClusterView informerView(SharedInformer<Service> services, SharedInformer<Endpoints> endpoints) {
        return new ClusterView() {
            @Override
            public Service service(String namespace, String name) {
                return services.get(namespace, name);
            }

            @Override
            public List<Service> services(String namespace) {
                return services.list(namespace);
            }

            @Override
            public Endpoints endpoints(String namespace, String name) {
                return endpoints.get(namespace, name);
            }

            @Override
            public boolean synced() {
                return services.hasSynced() && endpoints.hasSynced();
            }
        };
    }

    /** Binds UDP and TCP and starts answering; fails if the address or port is taken. */
    public synchronized void start() throws IOException {
        if (udp != null) {
            throw new IllegalStateException("cluster DNS already started");
        }
        if (informers != null) {
            view = informerView(informers.informer(ResourceRef.SERVICES, Service.class),
                    informers.informer(ResourceRef.ENDPOINTS, Endpoints.class));
        }
        ClusterView v = view;
        records = new ClusterRecords(config.clusterDomain(), config.ttlSeconds(), v::service, v::services, v::endpoints);
        List<InetSocketAddress> upstreams = config.upstreams().isEmpty()
                ? PodResolvConf.upstreamServers(Path.of("/etc/resolv.conf")) : config.upstreams();
        if (upstreams.isEmpty()) {
            LOG.warn("cluster DNS has no upstream resolver: names outside {} will fail", config.clusterDomain());
        } else {
            udpUpstream = upstream(upstreams, false);
            tcpUpstream = upstream(upstreams, true);
        }
        bind(InetAddress.getByName(config.bindAddress()));
        AtomicInteger ids = new AtomicInteger();
        tcpConnections = new ThreadPoolExecutor(0, MAX_TCP_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "jctl-dns tcp-" + ids.incrementAndGet()), new ThreadPoolExecutor.AbortPolicy());
        if (informers != null) {
            informers.start();
        }
        threads.add(daemon(this::serveUdp, "jctl-dns udp"));
        threads.add(daemon(this::acceptTcp, "jctl-dns tcp-accept"));
        threads.forEach(Thread::start);
        LOG.info("cluster DNS for {} listening on {}:{} (upstream {})", config.clusterDomain(), config.bindAddress(),
                port(), upstreams);
    }

    /**
     * Binds UDP, then TCP on the same port. With port 0 the kernel picks the UDP port, which may
     * be taken for TCP; then another is tried.
     */
    private void bind(InetAddress address) throws IOException {
        int attempts = config.port() == 0 ? 20 : 1;
        for (int attempt = 1; ; attempt++) {
            DatagramSocket u = new DatagramSocket(null);
            ServerSocket t = new ServerSocket();
            try {
                u.setReuseAddress(true);
                u.bind(new InetSocketAddress(address, config.port()));
                t.setReuseAddress(true);
                t.bind(new InetSocketAddress(address, u.getLocalPort()), 128);
                udp = u;
                tcp = t;
                return;
            } catch (IOException e) {
                u.close();
                t.close();
                if (attempt >= attempts) {
                    throw new IOException("cluster DNS cannot listen on " + config.bindAddress() + ":" + config.port()
                            + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The port bound (the configured one, or the kernel's choice for port 0). */
    public int port() {
        return udp.getLocalPort();
    }

    public DnsConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
        if (udp != null) {
            udp.close();
        }
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        if (tcpConnections != null) {
            tcpConnections.shutdownNow();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsInformers) {
            informers.stop();
        }
    }

    private Resolver upstream(List<InetSocketAddress> servers, boolean overTcp) {
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            SimpleResolver r = new SimpleResolver(s);
            r.setTimeout(config.upstreamTimeout());
            r.setTCP(overTcp);
            // A truncated answer goes back to the client as it is, which then asks again over TCP.
            r.setIgnoreTruncation(true);
            each.add(r);
        }
        ExtendedResolver resolver = new ExtendedResolver(each);
        resolver.setTimeout(config.upstreamTimeout());
        resolver.setRetries(1);
        resolver.setLoadBalance(false);
        return resolver;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("cluster DNS: UDP receive failed: {}", e.toString());
                }
                continue;
            }
            Message query;
            try {
                query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (IOException e) {
                continue; // not DNS: nothing sensible to answer
            }
            SocketAddress from = packet.getSocketAddress();
            int limit = query.getOPT() != null ? Math.max(PLAIN_UDP_LIMIT, query.getOPT().getPayloadSize()) : PLAIN_UDP_LIMIT;
            respond(query, false).whenComplete((response, failure) -> {
                if (response == null || closed) {
                    return;
                }
                byte[] wire = response.toWire(limit);
                try {
                    udp.send(new DatagramPacket(wire, wire.length, from));
                } catch (IOException e) {
                    if (!closed) {
                        LOG.debug("cluster DNS: UDP send to {} failed: {}", from, e.toString());
                    }
                }
            });
        }
    }

    private void acceptTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("cluster DNS: TCP accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                tcpConnections.execute(() -> serveTcp(socket));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(socket); // too many open connections: clients retry
            }
        }
    }

    /** Length-prefixed messages on one connection, answered in order, until the client closes or idles. */
    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] data = new byte[length];
                in.readFully(data);
                Message response = respond(new Message(data), true).toCompletableFuture()
                        .get(config.upstreamTimeout().toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
                byte[] wire = response.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (SocketException | java.net.SocketTimeoutException e) {
            // closed or idle: done
        } catch (Exception e) {
            if (!closed) {
                LOG.debug("cluster DNS: TCP connection failed: {}", e.toString());
            }
        }
    }

    /** The response to a query: from the cluster zone, or from upstream. Never completes exceptionally. */
    CompletionStage<Message> respond(Message query, boolean overTcp) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            return CompletableFuture.completedFuture(reply(query, Rcode.NOTIMP));
        }
        if (records.inZone(question.getName())) {
            return CompletableFuture.completedFuture(answerFromCluster(query));
        }
        Resolver upstream = overTcp ? tcpUpstream : udpUpstream;
        if (upstream == null) {
            return CompletableFuture.completedFuture(reply(query, Rcode.SERVFAIL));
        }
        return upstream.sendAsync(query).handle((response, failure) -> {
            if (failure != null || response == null) {
                LOG.debug("cluster DNS: upstream failed for {}: {}", question.getName(), failure);
                return reply(query, Rcode.SERVFAIL);
            }
            response.getHeader().setID(query.getHeader().getID());
            if (query.getOPT() == null && response.getOPT() != null) {
                // The client spoke plain DNS: no EDNS record back (RFC 6891 §7).
                response.removeRecord(response.getOPT(), Section.ADDITIONAL);
            }
            return response;
        });
    }

    private Message answerFromCluster(Message query) {
        if (!view.synced()) {
            return reply(query, Rcode.SERVFAIL);
        }
        Record question = query.getQuestion();
        ClusterRecords.Answer answer = records.answer(question.getName(), question.getType());
        Message response = reply(query, answer.rcode());
        response.getHeader().setFlag(Flags.AA);
        answer.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
        if (answer.answers().isEmpty()) {
            response.addRecord(records.soa(), Section.AUTHORITY);
        }
        answer.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
        return response;
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return response;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
