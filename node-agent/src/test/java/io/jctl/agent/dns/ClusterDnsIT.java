package io.jctl.agent.dns;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import java.time.Duration;
import java.util.List;

import static io.jctl.agent.dns.ClusterDnsTest.addresses;
import static io.jctl.agent.dns.ClusterDnsTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server on real informers: Services and Endpoints written through an in-process api-server. */
class ClusterDnsIT {
    @Test
    void answersFollowTheApi() throws Exception {
        try (TestApiServer server = TestApiServer.start();
             ApiClient client = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                     .caPem(server.server().caCertificatePem()).build())) {
            InformerFactory informers = new InformerFactory(client);
            try (ClusterDns dns = new ClusterDns(informers, DnsConfig.defaults("127.0.0.1").withPort(0)
                    .withUpstreams(List.of()))) {
                dns.start();
                client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());
                Service web = client.services().create(new ServiceBuilder().withNewMetadata().withName("web")
                        .withNamespace("shop").endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                        .endPort().endSpec().build());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(addresses(query(dns, "web.shop.svc.cluster.local.", Type.A, false)))
                                .containsExactly(web.getSpec().getClusterIP()));

                client.services().create(new ServiceBuilder().withNewMetadata().withName("db").withNamespace("shop")
                        .endMetadata().withNewSpec().withClusterIP("None").addNewPort().withPort(5432).endPort()
                        .endSpec().build());
                client.endpoints().create(new EndpointsBuilder().withNewMetadata().withName("db").withNamespace("shop")
                        .endMetadata().addNewSubset().addNewAddress().withIp("10.88.0.5").endAddress()
                        .addNewPort().withPort(5432).endPort().endSubset().build());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(addresses(query(dns, "db.shop.svc.cluster.local.", Type.A, false)))
                                .containsExactly("10.88.0.5"));

                client.services().delete("shop", "web");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(query(dns, "web.shop.svc.cluster.local.", Type.A, false).getRcode())
                                .isEqualTo(Rcode.NXDOMAIN));
            } finally {
                informers.stop();
            }
        }
    }
}
