package io.jctl.apiserver.fabric8;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fabric8 Kubernetes client, configured only with the server URL, CA and token, against
 * the real in-process api-server: what a Java operator does with it must work unchanged.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Fabric8ClientIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static TestApiServer api;
    /** Configured as a user would: URL, CA, token. */
    static KubernetesClient client;
    /**
     * The same plus {@link HttpWatchFallback}: its watches take fabric8's HTTP streaming path, so
     * both watch transports (WebSocket and chunked HTTP) are covered.
     */
    static KubernetesClient fallbackClient;
    static final RequestRecorder requests = new RequestRecorder();
    String ns;

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
        client = clientFor(api, requests);
        fallbackClient = clientFor(api, requests, new HttpWatchFallback());
    }

    @AfterAll
    static void stop() {
        try {
            if (client != null) {
                client.close();
            }
            if (fallbackClient != null) {
                fallbackClient.close();
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    /** Only the URL, the CA and the token: nothing read from ~/.kube or the environment. */
    static KubernetesClient clientFor(TestApiServer api, Interceptor... interceptors) {
        String ca = Base64.getEncoder().encodeToString(api.server().caCertificatePem());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.baseUrl()).withCaCertData(ca)
                .withOauthToken(api.token()).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(b -> {
            for (Interceptor i : interceptors) {
                b.addOrReplaceInterceptor(i.getClass().getSimpleName(), i);
            }
        }).build();
    }

    @BeforeEach
    void namespace() {
        ns = "f8-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    /** On failure, prints the exchange that led to it (the tail is enough for most). */
    @RegisterExtension
    final TestWatcher dumpRequestsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            List<String> all = requests.lines();
            System.out.println("fabric8 requests before " + context.getDisplayName() + " failed (last 40 of "
                    + all.size() + "):");
            all.subList(Math.max(0, all.size() - 40), all.size()).forEach(l -> System.out.println("  " + l));
        }
    };

    @Test
    void namespacesCanBeCreatedReadAndListed() {
        Namespace got = client.namespaces().withName(ns).get();
        assertThat(got.getMetadata().getName()).isEqualTo(ns);
        assertThat(got.getMetadata().getUid()).isNotBlank();
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName()).contains(ns);
        assertThat(client.namespaces().withName("f8-does-not-exist").get()).isNull();
    }

    @Test
    void configMapsCrudWithLabelSelectors() {
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap("a", Map.of("app", "web", "tier", "front"), Map.of("k", "1"))).create();
        cms.resource(configMap("b", Map.of("app", "web", "tier", "back"), Map.of("k", "2"))).create();
        cms.resource(configMap("c", Map.of("app", "db"), Map.of("k", "3"))).create();

        assertThat(cms.withName("a").get().getData()).containsEntry("k", "1");
        assertThat(names(cms.list().getItems())).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(names(cms.withLabel("app", "web").list().getItems())).containsExactlyInAnyOrder("a", "b");
        assertThat(names(cms.withLabelSelector("app=web,tier!=back").list().getItems())).containsExactly("a");
        assertThat(names(cms.withLabelIn("tier", "front", "back").list().getItems()))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(names(cms.withoutLabel("tier").list().getItems())).containsExactly("c");
        assertThat(names(cms.withLabels(Map.of("app", "web", "tier", "back")).list().getItems()))
                .containsExactly("b");

        assertThatThrownBy(() -> cms.resource(configMap("a", Map.of(), Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
        assertThat(cms.withName("c").delete()).hasSize(1);
        assertThat(cms.withName("c").get()).isNull();
    }

    @Test
    void editAndPatchesChangeConfigMaps() {
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap("p", Map.of("app", "web"), Map.of("a", "1", "b", "2"))).create();

        // edit = GET, change locally, PATCH the difference (a JSON patch).
        ConfigMap edited = cms.withName("p").edit(c -> new ConfigMapBuilder(c).addToData("c", "3").build());
        assertThat(edited.getData()).containsEntry("c", "3");

        ConfigMap merged = cms.withName("p")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":null,\"d\":\"4\"}}");
        assertThat(merged.getData()).doesNotContainKey("a").containsEntry("d", "4");

        ConfigMap strategic = cms.withName("p")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        assertThat(strategic.getMetadata().getLabels()).containsEntry("x", "y").containsEntry("app", "web");

        ConfigMap json = cms.withName("p")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/data/b\",\"value\":\"20\"}]");
        assertThat(json.getData()).containsEntry("b", "20");

        // update() with a stale resourceVersion is a 409 Conflict, as on Kubernetes.
        ConfigMap stale = new ConfigMapBuilder(edited).addToData("e", "5").build();
        assertThatThrownBy(() -> cms.resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        assertThat(cms.withName("p").get().getData()).containsOnly(Map.entry("b", "20"), Map.entry("c", "3"),
                Map.entry("d", "4"));
    }

    @Test
    void deploymentsTypedWithScaleStatusAndPropagatedDelete() {
        var deployments = client.apps().deployments().inNamespace(ns);
        Deployment created = deployments.resource(deployment("web", 1)).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

        assertThat(deployments.withName("web").get().getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getImage()).containsExactly("nginx:1.27");
        assertThat(names(deployments.withLabel("app", "web").list().getItems())).containsExactly("web");

        deployments.withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("nginx:1.28").endContainer().endSpec().endTemplate().endSpec().build());

        // Strategic merge on containers keyed by name: the image changes, the port stays.
        Deployment patched = deployments.withName("web").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.29\"}]}}}}");
        var container = patched.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("nginx:1.29");
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(80);

        Deployment scaled = deployments.withName("web").scale(5);
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
        Scale scale = deployments.withName("web").scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(5);
        assertThat(requests.matching("/deployments/web/scale")).isNotEmpty();

        Deployment current = deployments.withName("web").get();
        current.setStatus(new DeploymentStatusBuilder().withReplicas(5).withObservedGeneration(
                current.getMetadata().getGeneration()).build());
        Deployment withStatus = deployments.resource(current).updateStatus();
        assertThat(withStatus.getStatus().getReplicas()).isEqualTo(5);
        assertThat(withStatus.getSpec().getReplicas()).isEqualTo(5);

        Deployment readyStatus = deployments.withName("web").editStatus(d -> new DeploymentBuilder(d).editStatus()
                .withReadyReplicas(3).endStatus().build());
        assertThat(readyStatus.getStatus().getReadyReplicas()).isEqualTo(3);

        Deployment patchStatus = new DeploymentBuilder(deployments.withName("web").get()).editStatus()
                .withAvailableReplicas(2).endStatus().build();
        assertThat(deployments.resource(patchStatus).patchStatus().getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(requests.matching("/deployments/web/status")).isNotEmpty();

        List<StatusDetails> deleted = deployments.withName("web").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        assertThat(deleted).extracting(StatusDetails::getName).containsExactly("web");
        await().atMost(WAIT).until(() -> deployments.withName("web").get() == null);
    }

    @Test
    void watchDeliversAddedModifiedDeleted() throws Exception {
        watchDeliversEvents(client);
    }

    @Test
    void watchDeliversEventsAfterFallingBackToHttp() throws Exception {
        int before = requests.lines().size();
        Watch watch = watchDeliversEvents(fallbackClient);
        assertThat(watch.getClass().getSimpleName()).isEqualTo("WatchHTTPManager");
        List<String> exchange = requests.lines().subList(before, requests.lines().size());
        assertThat(exchange).anyMatch(l -> l.startsWith("-> WS GET /api/v1/namespaces/" + ns + "/configmaps?"))
                .anyMatch(l -> l.startsWith("-> GET /api/v1/namespaces/" + ns + "/configmaps?") && l.contains("watch=true"));
    }

    /** Creates, changes and deletes a ConfigMap under a watch; returns the (closed) watch. */
    private Watch watchDeliversEvents(KubernetesClient kc) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        Watch watch = kc.configMaps().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                events.add(action + " " + cm.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }

            @Override
            public void onClose() {
                closed.complete(null);
            }
        });
        try (watch) {
            var cms = kc.configMaps().inNamespace(ns);
            cms.resource(configMap("w", Map.of(), Map.of("v", "1"))).create();
            cms.withName("w").edit(cm -> new ConfigMapBuilder(cm).addToData("v2", "2").build());
            cms.withName("w").delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(events)
                    .containsExactly("ADDED w", "MODIFIED w", "DELETED w"));
        }
        assertThat(closed.get(5, TimeUnit.SECONDS)).as("closed without an error").isNull();
        return watch;
    }

    @Test
    void informerSeesAddUpdateDelete() {
        informerSeesAddUpdateDelete(client);
    }

    @Test
    void informerSeesAddUpdateDeleteAfterFallingBackToHttp() {
        informerSeesAddUpdateDelete(fallbackClient);
    }

    private void informerSeesAddUpdateDelete(KubernetesClient kc) {
        List<String> events = new CopyOnWriteArrayList<>();
        var cms = kc.configMaps().inNamespace(ns);
        cms.resource(configMap("before", Map.of(), Map.of())).create();
        SharedIndexInformer<ConfigMap> informer = cms.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                events.add("add " + cm.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap now) {
                if (!old.getMetadata().getResourceVersion().equals(now.getMetadata().getResourceVersion())) {
                    events.add("update " + now.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                events.add("delete " + cm.getMetadata().getName());
            }
        });
        try {
            assertThat(informer.hasSynced()).isTrue();
            await().atMost(WAIT).until(() -> events.contains("add before"));
            cms.resource(configMap("i", Map.of(), Map.of("v", "1"))).create();
            await().atMost(WAIT).until(() -> informer.getStore().getByKey(ns + "/i") != null);
            cms.withName("i").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
            await().atMost(WAIT).until(() -> "2".equals(informer.getStore().getByKey(ns + "/i").getData().get("v")));
            cms.withName("i").delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(events)
                    .containsExactly("add before", "add i", "update i", "delete i"));
            assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).containsExactly("before");
            assertThat(informer.isWatching()).isTrue();
        } finally {
            informer.close();
        }
    }

    @Test
    void waitUntilConditionReturnsOnceTheObjectMatches() throws Exception {
        waitUntilConditionReturnsOnceTheObjectMatches(client);
    }

    @Test
    void waitUntilConditionReturnsOnceTheObjectMatchesAfterFallingBackToHttp() throws Exception {
        waitUntilConditionReturnsOnceTheObjectMatches(fallbackClient);
    }

    private void waitUntilConditionReturnsOnceTheObjectMatches(KubernetesClient kc) throws Exception {
        var cms = kc.configMaps().inNamespace(ns);
        cms.resource(configMap("ready", Map.of(), Map.of("state", "pending"))).create();
        CompletableFuture<ConfigMap> waited = CompletableFuture.supplyAsync(() -> cms.withName("ready")
                .waitUntilCondition(c -> c != null && "done".equals(c.getData().get("state")), 20, TimeUnit.SECONDS));
        Thread.sleep(300); // let the wait start before the change it waits for
        cms.withName("ready").edit(c -> new ConfigMapBuilder(c).addToData("state", "done").build());
        assertThat(waited.get(20, TimeUnit.SECONDS).getData()).containsEntry("state", "done");

        // waitUntilCondition also sees deletion (the object turns null).
        CompletableFuture<ConfigMap> gone = CompletableFuture.supplyAsync(() -> cms.withName("ready")
                .waitUntilCondition(c -> c == null, 20, TimeUnit.SECONDS));
        Thread.sleep(300);
        cms.withName("ready").delete();
        assertThat(gone.get(20, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void leaderElectionWithALeaseLock() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<String> leaders = new CopyOnWriteArrayList<>();
        var elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("f8-election")
                .withLeaseDuration(Duration.ofSeconds(3))
                .withRenewDeadline(Duration.ofSeconds(2))
                .withRetryPeriod(Duration.ofMillis(300))
                .withReleaseOnCancel(true)
                .withLock(new LeaseLock(ns, "the-lease", "me"))
                .withLeaderCallbacks(new LeaderCallbacks(() -> started.complete(null), () -> stopped.complete(null),
                        leaders::add))
                .build()).build();
        CompletableFuture<?> running = elector.start();
        try {
            started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Lease lease = client.leases().inNamespace(ns).withName("the-lease").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("me");
            assertThat(leaders).contains("me");
            // A few renewals go by without losing the lead.
            Thread.sleep(1000);
            assertThat(stopped).isNotDone();
            assertThat(client.leases().inNamespace(ns).withName("the-lease").get().getSpec().getRenewTime())
                    .isAfter(lease.getSpec().getRenewTime());
        } finally {
            running.cancel(true);
        }
        stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // releaseOnCancel empties the holder so another candidate can take over at once.
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                client.leases().inNamespace(ns).withName("the-lease").get().getSpec().getHolderIdentity())
                .isNullOrEmpty());
    }

    @Test
    void serverSideApplyIsRefusedClearly() {
        var cm = configMap("ssa", Map.of(), Map.of("k", "v"));
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(cm).fieldManager("f8-test")
                .forceConflicts().serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(415);
                    assertThat(e.getStatus().getReason()).isEqualTo("UnsupportedMediaType");
                    assertThat(e.getMessage()).contains("apply-patch+yaml");
                });
        assertThat(requests.matching("[application/apply-patch+yaml]")).isNotEmpty();
    }

    private ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels)
                .endMetadata().withData(data).build();
    }

    private Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", name)
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx:1.27").addNewPort().withContainerPort(80)
                .endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).toList();
    }
}
