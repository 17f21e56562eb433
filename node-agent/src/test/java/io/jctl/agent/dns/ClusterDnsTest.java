package io.jctl.agent.dns;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.cache.Indexer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The server over real UDP and TCP on 127.0.0.1, with caches filled by the test and a fake upstream. */
class ClusterDnsTest {
    final Indexer<Service> services = new Indexer<>();
    final Indexer<Endpoints> endpoints = new Indexer<>();
    final AtomicBoolean synced = new AtomicBoolean(true);
    FakeUpstream upstream;
    ClusterDns dns;

    /** Answers every A question with 192.0.2.99, over UDP. */
    static final class FakeUpstream implements AutoCloseable {
        final DatagramSocket socket;
        final Thread thread;
        final boolean silent;

        FakeUpstream(boolean silent) throws IOException {
            this.silent = silent;
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::serve, "fake-upstream");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    if (silent) {
                        continue;
                    }
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60,
                            InetAddress.getByName("192.0.2.99")), Section.ANSWER);
                    byte[] wire = r.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10").addNewPort().withName("http").withPort(80).withProtocol("TCP")
                .endPort().endSpec().build());
        services.add(new ServiceBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("None").addNewPort().withName("pg").withPort(5432).withProtocol("TCP")
                .endPort().endSpec().build());
        services.add(new ServiceBuilder().withNewMetadata().withName("ext").withNamespace("shop").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("db.example.com").endSpec().build());
        endpoints.add(new EndpointsBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata()
                .addNewSubset()
                .addToAddresses(new EndpointAddressBuilder().withIp("10.88.0.5").withHostname("db-0").build(),
                        new EndpointAddressBuilder().withIp("10.88.0.6").build())
                .addNewNotReadyAddress().withIp("10.88.0.7").endNotReadyAddress()
                .addNewPort().withName("pg").withPort(5432).withProtocol("TCP").endPort().endSubset().build());
        upstream = new FakeUpstream(false);
        dns = startDns(upstream.address(), Duration.ofSeconds(2));
    }

    ClusterDns startDns(InetSocketAddress upstreamAddress, Duration timeout) throws IOException {
        ClusterDns server = new ClusterDns(new ClusterDns.ClusterView() {
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
                return synced.get();
            }
        }, DnsConfig.defaults("127.0.0.1").withPort(0).withUpstreams(List.of(upstreamAddress))
                .withUpstreamTimeout(timeout));
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (dns != null) {
            dns.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    Message query(String name, int type) throws IOException {
        return query(dns, name, type, false);
    }

    static Message query(ClusterDns server, String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
        resolver.setTimeout(Duration.ofSeconds(5));
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setEDNS(-1); // plain DNS, as glibc's stub resolver asks by default
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    static List<String> addresses(Message m) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void serviceNameResolvesToTheClusterIpAuthoritativelyWithTheTtl() throws IOException {
        Message m = query("web.shop.svc.cluster.local.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(m)).containsExactly("10.96.0.10");
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(5);
        assertThat(addresses(query("WEB.Shop.SVC.cluster.local.", Type.A))).containsExactly("10.96.0.10");
        assertThat(addresses(query(dns, "web.shop.svc.cluster.local.", Type.A, true))).as("over TCP")
                .containsExactly("10.96.0.10");
    }

    @Test
    void srvOfANamedPortPointsAtTheService() throws IOException {
        Message m = query("_http._tcp.web.shop.svc.cluster.local.", Type.SRV);
        assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
            SRVRecord srv = (SRVRecord) r;
            assertThat(srv.getPort()).isEqualTo(80);
            assertThat(srv.getTarget().toString()).isEqualTo("web.shop.svc.cluster.local.");
        });
        assertThat(m.getSection(Section.ADDITIONAL)).anySatisfy(r ->
                assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("10.96.0.10"));
        assertThat(query("_https._tcp.web.shop.svc.cluster.local.", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(query("_http._udp.web.shop.svc.cluster.local.", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void headlessServiceResolvesToItsReadyPods() throws IOException {
        assertThat(addresses(query("db.shop.svc.cluster.local.", Type.A)))
                .containsExactlyInAnyOrder("10.88.0.5", "10.88.0.6");
        assertThat(addresses(query("db-0.db.shop.svc.cluster.local.", Type.A))).containsExactly("10.88.0.5");
        assertThat(addresses(query("10-88-0-6.db.shop.svc.cluster.local.", Type.A))).containsExactly("10.88.0.6");
        assertThat(query("10-88-0-7.db.shop.svc.cluster.local.", Type.A).getRcode()).as("not ready")
                .isEqualTo(Rcode.NXDOMAIN);
        Message srv = query("_pg._tcp.db.shop.svc.cluster.local.", Type.SRV);
        assertThat(srv.getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getTarget().toString())
                .containsExactlyInAnyOrder("db-0.db.shop.svc.cluster.local.", "10-88-0-6.db.shop.svc.cluster.local.");
        assertThat(srv.getSection(Section.ADDITIONAL)).hasSize(2);
    }

    @Test
    void podNamesExternalNamesAndEmptyAnswers() throws IOException {
        assertThat(addresses(query("10-88-0-42.shop.pod.cluster.local.", Type.A))).containsExactly("10.88.0.42");
        Message ext = query("ext.shop.svc.cluster.local.", Type.A);
        assertThat(ext.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
        Message aaaa = query("web.shop.svc.cluster.local.", Type.AAAA);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        assertThat(aaaa.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void unknownNamesInTheClusterDomainAreNxdomainWithTheSoa() throws IOException {
        for (String name : List.of("nope.shop.svc.cluster.local.", "web.other.svc.cluster.local.",
                "foo.cluster.local.", "a.b.web.shop.svc.cluster.local.", "300-1-1-1.shop.pod.cluster.local.")) {
            Message m = query(name, Type.A);
            assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
            SOARecord soa = (SOARecord) m.getSection(Section.AUTHORITY).get(0);
            assertThat(soa.getMinimum()).isEqualTo(5);
            assertThat(soa.getName().toString()).isEqualTo("cluster.local.");
        }
        assertThat(query("shop.svc.cluster.local.", Type.A).getRcode()).as("a namespace with services")
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void otherNamesAreForwardedToTheUpstream() throws IOException {
        Message m = query("example.com.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(m)).containsExactly("192.0.2.99");
        assertThat(m.getOPT()).as("plain DNS in, plain DNS out").isNull();
    }

    @Test
    void aSilentUpstreamGivesServfailAfterTheTimeout() throws IOException {
        try (FakeUpstream silent = new FakeUpstream(true); ClusterDns slow = startDns(silent.address(), Duration.ofMillis(300))) {
            assertThat(query(slow, "example.com.", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void beforeTheCachesSyncClusterNamesGetServfailNotNxdomain() throws IOException {
        synced.set(false);
        assertThat(query("web.shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void largeAnswersAreTruncatedOverUdpAndCompleteOverTcp() throws IOException {
        List<EndpointAddress> many = IntStream.range(1, 61)
                .mapToObj(i -> new EndpointAddressBuilder().withIp("10.88.1." + i).build()).toList();
        endpoints.add(new EndpointsBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata()
                .addNewSubset().withAddresses(many).addNewPort().withName("pg").withPort(5432).endPort().endSubset().build());
        Message udp = query("db.shop.svc.cluster.local.", Type.A);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        Message tcp = query(dns, "db.shop.svc.cluster.local.", Type.A, true);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(addresses(tcp)).hasSize(60);
    }
}
