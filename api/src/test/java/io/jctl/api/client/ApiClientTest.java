package io.jctl.api.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ApiClientTest {
    private FakeApiServer server;
    private ApiClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = FakeApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.url()).token("secret-token").namespace("team-a").build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private static ConfigMap configMap(String ns, String name, String app) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addToLabels("app", app).endMetadata().addToData("k", "v").build();
    }

    @Test
    void createGetUpdateDeleteTypedObjects() {
        ResourceClient<ConfigMap> cms = client.configMaps();
        ConfigMap created = cms.create(configMap("team-a", "one", "web"));
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getMetadata().getUid()).isNotEmpty();

        ConfigMap got = cms.get("team-a", "one");
        assertThat(got.getData()).containsEntry("k", "v");

        got.getData().put("k", "changed");
        ConfigMap updated = cms.update(got);
        assertThat(updated.getData()).containsEntry("k", "changed");
        assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());

        cms.delete("team-a", "one");
        assertThat(cms.find("team-a", "one")).isEmpty();
        assertThat(server.authorizations()).allMatch(a -> a.equals("Bearer secret-token"));
    }

    @Test
    void pathsFollowKubernetes() {
        client.deployments().create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().build());
        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName("team-b").endMetadata().build());
        client.deployments().list(null);
        client.pods().list("team-a");
        assertThat(server.requests()).containsExactly(
                "POST /apis/apps/v1/namespaces/team-a/deployments", // default namespace from the config
                "POST /api/v1/namespaces",
                "GET /apis/apps/v1/deployments",
                "GET /api/v1/namespaces/team-a/pods");
        assertThat(ResourceRef.PODS.subresourcePath("ns", "p", "binding")).isEqualTo("/api/v1/namespaces/ns/pods/p/binding");
        assertThat(ResourceRef.LEASES.collectionPath("kube-system"))
                .isEqualTo("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases");
        assertThat(ResourceRef.NODES.objectPath("ignored", "n1")).isEqualTo("/api/v1/nodes/n1");
    }

    @Test
    void listFiltersByLabelAndPages() {
        for (int i = 0; i < 5; i++) {
            client.configMaps().create(configMap("team-a", "web-" + i, "web"));
        }
        client.configMaps().create(configMap("team-a", "db", "db"));

        ObjectList<ConfigMap> page = client.configMaps().list("team-a", ListOptions.labelSelector("app=web").withLimit(2L));
        assertThat(page.items()).hasSize(2);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.resourceVersion()).isEqualTo(Long.toString(server.revision()));

        ObjectList<ConfigMap> all = client.configMaps().listAll("team-a", ListOptions.labelSelector("app=web").withLimit(2L));
        assertThat(all.items()).extracting(c -> c.getMetadata().getName())
                .containsExactly("web-0", "web-1", "web-2", "web-3", "web-4");
        assertThat(all.hasMore()).isFalse();
    }

    @Test
    void patchesWithTheRightContentType() {
        client.configMaps().create(configMap("team-a", "one", "web"));
        ConfigMap patched = client.configMaps().patch("team-a", "one", PatchType.MERGE, "{\"data\":{\"x\":\"y\"}}");
        assertThat(patched.getData()).containsEntry("k", "v").containsEntry("x", "y");

        ObjectNode p = Json.newObject();
        p.putObject("metadata").putObject("labels").put("tier", "front");
        assertThat(client.configMaps().patch("team-a", "one", PatchType.STRATEGIC, p).getMetadata().getLabels())
                .containsEntry("tier", "front");

        assertThatThrownBy(() -> client.configMaps().patch("team-a", "one", PatchType.JSON, "[]"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }

    @Test
    void statusErrorsBecomeApiExceptions() {
        assertThatThrownBy(() -> client.deployments().get("team-a", "missing"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.reason()).isEqualTo("NotFound");
                    assertThat(e.getMessage()).isEqualTo("deployments.apps \"missing\" not found");
                    assertThat(e.name()).isEqualTo("missing");
                });

        ConfigMap cm = client.configMaps().create(configMap("team-a", "one", "web"));
        assertThatThrownBy(() -> client.configMaps().create(configMap("team-a", "one", "web")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));

        client.configMaps().patch("team-a", "one", PatchType.MERGE, "{\"data\":{\"x\":\"y\"}}");
        assertThatThrownBy(() -> client.configMaps().update(cm)) // stale resourceVersion
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                });

        server.failNext(ApiException.invalid("Deployment.apps", "apps", "Deployment", "web",
                List.of(StatusCause.required("spec.selector", null))));
        assertThatThrownBy(() -> client.deployments().create(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().build()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.causes()).extracting(StatusCause::field).containsExactly("spec.selector");
                });
    }

    @Test
    void nonStatusErrorBodiesStillBecomeApiExceptions() {
        RawResponse r = client.raw("GET", "/nonsense", null);
        assertThat(r.status()).isEqualTo(404);
        assertThatThrownBy(r::throwIfFailed).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(404));
        assertThat(ApiClient.toApiException(503, "upstream down".getBytes()))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("ServiceUnavailable");
                    assertThat(e.getMessage()).isEqualTo("upstream down");
                });
    }

    @Test
    void transportFailuresAreUncheckedIOExceptions() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ApiClient nowhere = new ApiClient(ClientConfig.builder("http://127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(() -> nowhere.pods().list(null)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void bindsPodsThroughTheBindingSubresource() {
        client.pods().create(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build());
        client.bindPod("team-a", "p", "node-1");
        assertThat(client.pods().get("team-a", "p").getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(server.requests()).contains("POST /api/v1/namespaces/team-a/pods/p/binding");
    }

    @Test
    void leasesRoundTripTheirMicroTimes() {
        ZonedDateTime renew = ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 123456000, ZoneOffset.UTC);
        Lease created = client.leases().create(new LeaseBuilder().withNewMetadata().withName("l").endMetadata()
                .withNewSpec().withHolderIdentity("me").withRenewTime(renew).endSpec().build());
        assertThat(created.getSpec().getRenewTime().toInstant()).isEqualTo(renew.toInstant());
        assertThat(server.get("coordination.k8s.io/leases", "team-a", "l").path("spec").path("renewTime").asText())
                .isEqualTo("2024-05-01T12:00:00.123456Z");
    }

    @Test
    void untypedResourcesWork() {
        client.configMaps().create(configMap("team-a", "one", "web"));
        var generic = client.resource(ResourceRef.CONFIGMAPS).list("team-a");
        assertThat(generic.items()).singleElement().satisfies(g -> {
            assertThat(g.getMetadata().getName()).isEqualTo("one");
            assertThat(g.getApiVersion()).isEqualTo("v1");
        });
    }

    @Test
    void watchDeliversEventsInOrderAndClosesCleanly() throws Exception {
        String rv = client.configMaps().list("team-a").resourceVersion();
        List<WatchEvent<ConfigMap>> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> closedWith = new AtomicReference<>(new Throwable("not closed"));
        Watch w = client.configMaps().watch("team-a", ListOptions.all().withResourceVersion(rv), new WatchListener<>() {
            @Override
            public void onEvent(WatchEvent<ConfigMap> event) {
                seen.add(event);
            }

            @Override
            public void onClose(Throwable cause) {
                closedWith.set(cause);
            }
        });
        client.configMaps().create(configMap("team-a", "one", "web"));
        client.configMaps().patch("team-a", "one", PatchType.MERGE, "{\"data\":{\"x\":\"y\"}}");
        client.configMaps().delete("team-a", "one");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
        assertThat(seen).extracting(WatchEvent::type).containsExactly(
                WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
        assertThat(seen.get(1).object().getData()).containsEntry("x", "y");
        assertThat(seen.get(2).resourceVersion()).isEqualTo(Long.toString(server.revision()));

        w.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> closedWith.get() == null);
        assertThat(w.isOpen()).isFalse();
        assertThat(server.watchRequests()).singleElement()
                .satisfies(q -> assertThat(q).containsEntry("resourceVersion", rv));
    }

    @Test
    void watchReportsTheServerEndingTheStream() {
        AtomicReference<Throwable> closedWith = new AtomicReference<>(new Throwable("not closed"));
        client.configMaps().watch(null, ListOptions.all(), new WatchListener<>() {
            @Override
            public void onEvent(WatchEvent<ConfigMap> event) {
            }

            @Override
            public void onClose(Throwable cause) {
                closedWith.set(cause);
            }
        });
        server.dropWatches();
        await().atMost(Duration.ofSeconds(10)).until(() -> closedWith.get() == null);
    }

    @Test
    void watchFromACompactedVersionFailsWith410() {
        client.configMaps().create(configMap("team-a", "one", "web"));
        server.compact();
        assertThatThrownBy(() -> client.configMaps().watch("team-a", ListOptions.all().withResourceVersion("1"), e -> {
        })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));

        server.expiredAsEvent(true);
        List<WatchEvent<ConfigMap>> seen = new CopyOnWriteArrayList<>();
        client.configMaps().watch("team-a", ListOptions.all().withResourceVersion("1"), seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).type()).isEqualTo(WatchEvent.Type.ERROR);
        assertThat(seen.get(0).isExpired()).isTrue();
        assertThat(seen.get(0).error().reason()).isEqualTo("Expired");
    }

    @Test
    void watchQueryCarriesTheOptions() {
        Watch w = client.pods().watch(null, ListOptions.labelSelector("app=web").withFieldSelector("spec.nodeName=n1")
                .withResourceVersion("7").withAllowWatchBookmarks(true).withTimeoutSeconds(30L), e -> {
        });
        w.close();
        Map<String, String> q = server.watchRequests().get(0);
        assertThat(q).containsEntry("labelSelector", "app=web").containsEntry("fieldSelector", "spec.nodeName=n1")
                .containsEntry("resourceVersion", "7").containsEntry("allowWatchBookmarks", "true")
                .containsEntry("timeoutSeconds", "30");
    }

    @Test
    void clusterScopedObjectsIgnoreNamespaces() {
        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName("ns1").endMetadata().build());
        Namespace ns = client.namespaces().get("whatever", "ns1");
        assertThat(ns.getMetadata().getName()).isEqualTo("ns1");
        Pod p = new PodBuilder().withNewMetadata().withName("x").withNamespace("other").endMetadata().build();
        client.pods().create(p);
        assertThat(server.requests()).contains("POST /api/v1/namespaces/other/pods");
    }

    @Test
    void rejectsNonHttpServers() {
        assertThatThrownBy(() -> ClientConfig.builder("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientConfig.builder("https://h:6443/").build().server().toString()).isEqualTo("https://h:6443");
        assertThat(ClientConfig.builder("https://h").token("t").build().toString()).doesNotContain("t}").contains("redacted");
    }

    @Test
    void deploymentsDecodeFully() {
        client.deployments().create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build());
        Deployment d = client.deployments().get("team-a", "web");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getKind()).isEqualTo("Deployment");
    }
}
