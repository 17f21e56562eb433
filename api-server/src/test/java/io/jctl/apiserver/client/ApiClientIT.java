package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ObjectList;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.RawResponse;
import io.jctl.api.client.ResourceClient;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.client.WatchListener;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.auth.IssuedCertificate;
import io.jctl.apiserver.auth.ServerPki;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.jctl.apiserver.client.ClientItSupport.configMap;
import static io.jctl.apiserver.client.ClientItSupport.newNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The typed client against the real api-server: CRUD, lists, patches, errors, watches, kubeconfig. */
class ApiClientIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Small, so a watch from a few dozen writes back falls out of the window and reaches the store. */
    private static final int WATCH_CACHE_CAPACITY = 20;

    @TempDir
    static Path tmp;
    static Path kubeconfig;
    static TestApiServer api;
    static ApiClient client;
    static ResourceClient<ConfigMap> cms;
    String ns;

    @BeforeAll
    static void start() {
        kubeconfig = tmp.resolve("kube").resolve("config");
        api = TestApiServer.start(c -> c.withWatchCacheCapacity(WATCH_CACHE_CAPACITY)
                .withKubeconfigOut(List.of(kubeconfig)));
        client = ClientItSupport.clientFor(api);
        cms = client.configMaps();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = newNamespace(client, "client");
    }

    @Test
    void createGetUpdateDeleteAConfigMap() {
        ConfigMap created = cms.create(configMap(ns, "crud", Map.of("app", "x"), Map.of("k", "v1")));
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(ns);
        assertThat(created.getData()).containsEntry("k", "v1");

        ConfigMap got = cms.get(ns, "crud");
        assertThat(got).isEqualTo(created);

        ConfigMap change = new ConfigMapBuilder(got).addToData("k", "v2").addToData("extra", "grüße € 😀\n\"q\"").build();
        ConfigMap updated = cms.update(change);
        assertThat(updated.getData()).containsEntry("k", "v2").containsEntry("extra", "grüße € 😀\n\"q\"");
        assertThat(cms.get(ns, "crud").getData()).containsEntry("extra", "grüße € 😀\n\"q\"");
        assertThat(rv(updated)).isGreaterThan(rv(got));
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        cms.delete(ns, "crud");
        assertThat(cms.find(ns, "crud")).isEmpty();
        ApiException again = catchThrowableOfType(ApiException.class, () -> cms.delete(ns, "crud"));
        assertThat(again.code()).isEqualTo(404);
    }

    @Test
    void loopbackClientOfTheServersJvmTalksPlainHttpWithItsOwnToken() throws Exception {
        io.jctl.api.client.ClientConfig loopback = api.server().loopbackClientConfig();
        assertThat(loopback.server().toString()).startsWith("http://127.0.0.1:");
        assertThat(api.server().loopbackClientConfig().server()).isEqualTo(loopback.server());
        try (ApiClient inProcess = new ApiClient(loopback)) {
            inProcess.resource(io.jctl.api.client.ResourceRef.CONFIGMAPS, ConfigMap.class)
                    .create(configMap(ns, "loop", Map.of(), Map.of("k", "v")));
            assertThat(cms.get(ns, "loop").getData()).containsEntry("k", "v");
        }
        io.jctl.api.client.ClientConfig noToken = io.jctl.api.client.ClientConfig.builder(loopback.server().toString())
                .token("wrong").build();
        try (ApiClient stranger = new ApiClient(noToken)) {
            ApiException denied = catchThrowableOfType(ApiException.class, () -> stranger.namespaces().list(null));
            assertThat(denied.code()).isEqualTo(401);
        }
    }

    @Test
    void clusterScopedNamespacesIgnoreTheNamespaceArgument() {
        Namespace n = client.namespaces().get("ignored", ns);
        assertThat(n.getMetadata().getName()).isEqualTo(ns);
        assertThat(n.getMetadata().getNamespace()).isNull();
        assertThat(client.namespaces().list(null).items()).extracting(x -> x.getMetadata().getName())
                .contains("default", ns);
    }

    @Test
    void listsFilterByLabelAndFieldSelectors() {
        for (int i = 0; i < 6; i++) {
            cms.create(configMap(ns, "sel-" + i, Map.of("tier", i % 2 == 0 ? "even" : "odd", "idx", "" + i), Map.of()));
        }
        assertThat(names(cms.list(ns, ListOptions.labelSelector("tier=even")))).containsExactly("sel-0", "sel-2", "sel-4");
        assertThat(names(cms.list(ns, ListOptions.labelSelector("tier in (even,odd),idx notin (0,1,2)"))))
                .containsExactly("sel-3", "sel-4", "sel-5");
        assertThat(names(cms.list(ns, ListOptions.labelSelector("tier=odd,idx!=3")))).containsExactly("sel-1", "sel-5");
        assertThat(names(cms.list(ns, ListOptions.labelSelector("!nothere,idx")))).hasSize(6);
        assertThat(names(cms.list(ns, ListOptions.all().withFieldSelector("metadata.name=sel-4"))))
                .containsExactly("sel-4");
        assertThat(names(cms.list(ns, ListOptions.all().withFieldSelector("metadata.namespace!=" + ns)))).isEmpty();

        // All namespaces: a null namespace lists across them, and the items keep their namespace.
        String other = newNamespace(client, "client-other");
        cms.create(configMap(other, "sel-x", Map.of("tier", "even", "idx", "x"), Map.of()));
        ObjectList<ConfigMap> everywhere = cms.list(null, ListOptions.labelSelector("tier=even,idx in (0,x)"));
        assertThat(everywhere.items()).extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
                .containsExactlyInAnyOrder(ns + "/sel-0", other + "/sel-x");

        ApiException bad = catchThrowableOfType(ApiException.class, () -> cms.list(ns, ListOptions.labelSelector("tier in (")));
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.reason()).isEqualTo("BadRequest");
    }

    @Test
    void listsPageWithLimitAndContinue() {
        List<String> expected = IntStream.range(0, 13).mapToObj(i -> String.format("page-%02d", i)).toList();
        expected.forEach(n -> cms.create(configMap(ns, n, Map.of("paged", "yes"), Map.of())));

        ObjectList<ConfigMap> first = cms.list(ns, ListOptions.labelSelector("paged=yes").withLimit(5L));
        assertThat(names(first)).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(first.hasMore()).isTrue();
        ObjectList<ConfigMap> second = cms.list(ns, ListOptions.labelSelector("paged=yes").withLimit(5L)
                .withContinue(first.continueToken()));
        assertThat(names(second)).containsExactlyElementsOf(expected.subList(5, 10));

        // A write between pages does not show up in later pages: they read the first page's revision.
        cms.create(configMap(ns, "page-99", Map.of("paged", "yes"), Map.of()));
        ObjectList<ConfigMap> third = cms.list(ns, ListOptions.labelSelector("paged=yes").withLimit(5L)
                .withContinue(second.continueToken()));
        assertThat(names(third)).containsExactlyElementsOf(expected.subList(10, 13));
        assertThat(third.hasMore()).isFalse();

        ObjectList<ConfigMap> all = cms.listAll(ns, ListOptions.labelSelector("paged=yes").withLimit(4L));
        assertThat(names(all)).hasSize(14).containsSubsequence(expected).contains("page-99");
        assertThat(all.continueToken()).isNull();
        assertThat(names(cms.listAll(ns, ListOptions.all()))).hasSize(14);
    }

    @Test
    void patchesOfEveryType() {
        cms.create(configMap(ns, "p", Map.of("a", "1"), Map.of("keep", "k", "drop", "d")));

        ConfigMap merged = cms.patch(ns, "p", PatchType.MERGE,
                "{\"metadata\":{\"labels\":{\"b\":\"2\"}},\"data\":{\"drop\":null,\"new\":\"n\"}}");
        assertThat(merged.getMetadata().getLabels()).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(merged.getData()).containsOnly(Map.entry("keep", "k"), Map.entry("new", "n"));

        ConfigMap jsonPatched = cms.patch(ns, "p", PatchType.JSON, """
                [{"op":"test","path":"/data/keep","value":"k"},
                 {"op":"replace","path":"/data/keep","value":"k2"},
                 {"op":"remove","path":"/metadata/labels/a"}]""");
        assertThat(jsonPatched.getData()).containsEntry("keep", "k2");
        assertThat(jsonPatched.getMetadata().getLabels()).containsOnly(Map.entry("b", "2"));

        ConfigMap strategic = cms.patch(ns, "p", PatchType.STRATEGIC,
                "{\"metadata\":{\"labels\":{\"c\":\"3\",\"b\":null}},\"data\":{\"s\":\"x\"}}");
        assertThat(strategic.getMetadata().getLabels()).containsOnly(Map.entry("c", "3"));
        assertThat(strategic.getData()).containsOnly(Map.entry("keep", "k2"), Map.entry("new", "n"), Map.entry("s", "x"));
        assertThat(cms.get(ns, "p")).isEqualTo(strategic);

        ApiException failedTest = catchThrowableOfType(ApiException.class, () -> cms.patch(ns, "p", PatchType.JSON,
                "[{\"op\":\"test\",\"path\":\"/data/keep\",\"value\":\"nope\"},{\"op\":\"remove\",\"path\":\"/data\"}]"));
        assertThat(failedTest.code()).isBetween(400, 499);
        assertThat(cms.get(ns, "p").getData()).containsEntry("keep", "k2");

        // A resourceVersion in a merge patch is a precondition, as in Kubernetes.
        ApiException stale = catchThrowableOfType(ApiException.class, () -> cms.patch(ns, "p", PatchType.MERGE,
                "{\"metadata\":{\"resourceVersion\":\"" + merged.getMetadata().getResourceVersion() + "\"},\"data\":{\"z\":\"z\"}}"));
        assertThat(stale.code()).isEqualTo(409);
        assertThat(stale.reason()).isEqualTo("Conflict");

        ApiException missing = catchThrowableOfType(ApiException.class,
                () -> cms.patch(ns, "absent", PatchType.MERGE, "{\"data\":{\"a\":\"b\"}}"));
        assertThat(missing.code()).isEqualTo(404);
    }

    @Test
    void statusErrorsBecomeApiExceptions() {
        ApiException notFound = catchThrowableOfType(ApiException.class, () -> cms.get(ns, "nope"));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.reason()).isEqualTo("NotFound");
        assertThat(notFound.name()).isEqualTo("nope");
        assertThat(notFound.kind()).isEqualTo("configmaps");
        assertThat(notFound.getMessage()).isEqualTo("configmaps \"nope\" not found");

        ConfigMap first = cms.create(configMap(ns, "dup", Map.of(), Map.of("v", "1")));
        ApiException exists = catchThrowableOfType(ApiException.class,
                () -> cms.create(configMap(ns, "dup", Map.of(), Map.of())));
        assertThat(exists.code()).isEqualTo(409);
        assertThat(exists.reason()).isEqualTo("AlreadyExists");
        assertThat(exists.name()).isEqualTo("dup");
        assertThat(exists.getMessage()).contains("\"dup\" already exists");

        cms.update(new ConfigMapBuilder(first).addToData("v", "2").build());
        ApiException conflict = catchThrowableOfType(ApiException.class,
                () -> cms.update(new ConfigMapBuilder(first).addToData("v", "3").build()));
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.reason()).isEqualTo("Conflict");
        assertThat(conflict.getMessage()).contains("dup").contains("modified");
        assertThat(cms.get(ns, "dup").getData()).containsEntry("v", "2");

        ApiException invalid = catchThrowableOfType(ApiException.class,
                () -> cms.create(configMap(ns, "Not_A_Name", Map.of(), Map.of())));
        assertThat(invalid.code()).isEqualTo(422);
        assertThat(invalid.reason()).isEqualTo("Invalid");
        assertThat(invalid.kind()).isEqualTo("ConfigMap");
        assertThat(invalid.name()).isEqualTo("Not_A_Name");
        assertThat(invalid.causes()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.field()).isEqualTo("metadata.name");
            assertThat(c.reason()).isEqualTo("FieldValueInvalid");
            assertThat(c.message()).isNotEmpty();
        });
        assertThat(invalid.getMessage()).startsWith("ConfigMap \"Not_A_Name\" is invalid: metadata.name: Invalid value");
        assertThat(cms.find(ns, "Not_A_Name")).isEmpty();

        ApiException precondition = catchThrowableOfType(ApiException.class, () -> cms.delete(ns, "dup",
                DeleteOptions.defaults().withPreconditions(null, first.getMetadata().getResourceVersion())));
        assertThat(precondition.code()).isEqualTo(409);
        assertThat(cms.find(ns, "dup")).isPresent();
        ApiException wrongUid = catchThrowableOfType(ApiException.class, () -> cms.delete(ns, "dup",
                DeleteOptions.defaults().withPreconditions("00000000-0000-0000-0000-000000000000", null)));
        assertThat(wrongUid.code()).isEqualTo(409);
        cms.delete(ns, "dup", DeleteOptions.defaults().withPreconditions(first.getMetadata().getUid(), null));
        assertThat(cms.find(ns, "dup")).isEmpty();

        ApiException namespaceGone = catchThrowableOfType(ApiException.class,
                () -> cms.create(configMap("no-such-namespace", "x", Map.of(), Map.of())));
        assertThat(namespaceGone.code()).isEqualTo(404);
    }

    @Test
    void aWrongTokenIsUnauthorized() {
        ApiClient stranger = new ApiClient(ClientConfig.builder(api.baseUrl()).token("not-a-token")
                .caPem(api.server().caCertificatePem()).build());
        ApiException e = catchThrowableOfType(ApiException.class, () -> stranger.configMaps().list(ns));
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.reason()).isEqualTo("Unauthorized");
    }

    @Test
    void tlsTrustsOnlyTheConfiguredAuthority() {
        ApiClient noCa = new ApiClient(ClientConfig.builder(api.baseUrl()).token(api.token()).build());
        assertThatThrownBy(() -> noCa.configMaps().list(ns)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("SSLHandshakeException");
        ApiClient insecure = new ApiClient(ClientConfig.builder(api.baseUrl()).token(api.token()).insecure(true).build());
        assertThat(insecure.configMaps().list(ns).items()).isEmpty();
    }

    @Test
    void aClientCertificateIssuedByTheServerCaAuthenticates() throws Exception {
        IssuedCertificate cert = ServerPki.ensure(api.dataDir(), List.of())
                .issueClientCertificate("system:node:n1", List.of("system:nodes"));
        ApiClient node = new ApiClient(ClientConfig.builder(api.baseUrl()).caPem(api.server().caCertificatePem())
                .clientCertificate(cert.certificatePem().getBytes(StandardCharsets.UTF_8),
                        cert.privateKeyPem().getBytes(StandardCharsets.UTF_8)).build());
        ConfigMap made = node.configMaps().create(configMap(ns, "by-cert", Map.of(), Map.of()));
        assertThat(client.configMaps().get(ns, "by-cert")).isEqualTo(made);
        Events<ConfigMap> events = new Events<>();
        try (Watch w = node.configMaps().watch(ns, ListOptions.all(), events)) {
            assertThat(events.take(1)).extracting(e -> e.object().getMetadata().getName()).containsExactly("by-cert");
        }
    }

    @Test
    void rawRequestsReturnWhateverCameBack() {
        RawResponse discovery = client.raw("GET", "/api/v1", null);
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.header("Content-Type")).startsWith("application/json");
        assertThat(discovery.json().path("resources").findValuesAsText("name")).contains("configmaps", "namespaces");

        RawResponse missing = client.raw("GET", "/api/v1/namespaces/" + ns + "/configmaps/none", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThatThrownBy(missing::throwIfFailed).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.reason()).isEqualTo("NotFound"));
    }

    @Test
    void watchFromAResourceVersionSeesEveryLaterChangeInOrder() throws Exception {
        ConfigMap a = cms.create(configMap(ns, "w-a", Map.of("w", "1"), Map.of()));
        Events<ConfigMap> events = new Events<>();
        try (Watch w = cms.watch(ns, ListOptions.all().withResourceVersion(a.getMetadata().getResourceVersion()), events)) {
            cms.create(configMap(ns, "w-b", Map.of("w", "1"), Map.of()));
            cms.patch(ns, "w-a", PatchType.MERGE, "{\"data\":{\"x\":\"1\"}}");
            cms.delete(ns, "w-b");
            List<WatchEvent<ConfigMap>> got = events.take(3);
            assertThat(got).extracting(e -> e.type() + " " + e.object().getMetadata().getName())
                    .containsExactly("ADDED w-b", "MODIFIED w-a", "DELETED w-b");
            assertThat(got.get(1).object().getData()).containsEntry("x", "1");
            assertThat(got).extracting(WatchEvent::resourceVersion).allSatisfy(v -> assertThat(v).isNotEmpty());
            assertThat(got.stream().map(e -> Long.parseLong(e.resourceVersion())).toList()).isSorted();
            assertThat(w.isOpen()).isTrue();
        }
        assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Events.CLEAN);
    }

    @Test
    void watchWithoutAResourceVersionFirstReplaysWhatExistsAndEndsAtItsTimeout() throws Exception {
        cms.create(configMap(ns, "r-1", Map.of("r", "yes"), Map.of()));
        cms.create(configMap(ns, "r-2", Map.of("r", "no"), Map.of()));
        Events<ConfigMap> events = new Events<>();
        try (Watch w = cms.watch(ns, ListOptions.labelSelector("r=yes").withTimeoutSeconds(1L), events)) {
            assertThat(events.take(1)).extracting(e -> e.type() + " " + e.object().getMetadata().getName())
                    .containsExactly("ADDED r-1");
            assertThat(events.closed.get(10, TimeUnit.SECONDS)).isEqualTo(Events.CLEAN);
            assertThat(w.isOpen()).isFalse();
        }
    }

    @Test
    void closingAWatchReleasesItOnTheServer() throws Exception {
        double before = watchers();
        Events<ConfigMap> events = new Events<>();
        Watch w = cms.watch(ns, ListOptions.all(), events);
        await().atMost(WAIT).until(() -> watchers() == before + 1);
        w.close();
        assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(Events.CLEAN);
        assertThat(w.isOpen()).isFalse();
        await().atMost(WAIT).until(() -> watchers() == before);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("jctl-watch ") && n.contains("/namespaces/" + ns + "/"));
    }

    /** Open watches on configmaps as the server counts them. */
    private static double watchers() {
        return api.server().metrics().registry().find("apiserver_registered_watchers").tag("resource", "configmaps")
                .gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    @Test
    void watchesDeliverBookmarksWhenAskedTo() throws Exception {
        ConfigMap a = cms.create(configMap(ns, "b-1", Map.of(), Map.of()));
        Events<ConfigMap> events = new Events<>();
        try (Watch w = cms.watch(ns, ListOptions.all().withResourceVersion(a.getMetadata().getResourceVersion())
                .withAllowWatchBookmarks(true), events)) {
            WatchEvent<ConfigMap> bookmark = events.all.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(bookmark).isNotNull();
            assertThat(bookmark.type()).isEqualTo(WatchEvent.Type.BOOKMARK);
            assertThat(Long.parseLong(bookmark.resourceVersion())).isGreaterThanOrEqualTo(rv(a));
        }
    }

    @Test
    void watchFromACompactedResourceVersionIsExpired() throws Exception {
        ConfigMap a = cms.create(configMap(ns, "old", Map.of(), Map.of()));
        // More writes than the watch cache keeps, then compaction: that version is gone everywhere.
        for (int i = 0; i <= WATCH_CACHE_CAPACITY; i++) {
            cms.patch(ns, "old", PatchType.MERGE, "{\"data\":{\"i\":\"" + i + "\"}}");
        }
        api.server().store().compact(api.server().store().currentRevision());
        Events<ConfigMap> events = new Events<>();
        Watch w;
        try {
            w = cms.watch(ns, ListOptions.all().withResourceVersion(a.getMetadata().getResourceVersion()), events);
        } catch (ApiException e) {
            // Also fine: the server may refuse before the stream starts.
            assertThat(e.code()).isEqualTo(410);
            return;
        }
        try (w) {
            WatchEvent<ConfigMap> e = events.all.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).isNotNull();
            assertThat(e.type()).isEqualTo(WatchEvent.Type.ERROR);
            assertThat(e.isExpired()).isTrue();
            assertThat(e.error().reason()).isEqualTo("Expired");
            assertThat(events.closed.get(10, TimeUnit.SECONDS)).isEqualTo(Events.CLEAN);
        }
    }

    @Test
    void theKubeconfigTheServerWritesConnects() throws Exception {
        assertThat(kubeconfig).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        KubeConfig kc = KubeConfig.load(kubeconfig);
        ClientConfig cfg = kc.forCurrentContext();
        assertThat(cfg.server().toString()).isEqualTo(api.baseUrl());
        assertThat(cfg.namespace()).isEqualTo("default");
        assertThat(cfg.insecure()).isFalse();
        ApiClient fromFile = new ApiClient(cfg);
        ConfigMap made = fromFile.configMaps().create(configMap(ns, "via-kubeconfig", Map.of(), Map.of("a", "b")));
        assertThat(client.configMaps().get(ns, "via-kubeconfig")).isEqualTo(made);
        // The context names no namespace, so calls without one go to "default".
        ConfigMap inDefault = fromFile.configMaps().create(configMap(null, "kc-" + ns, Map.of(), Map.of()));
        assertThat(inDefault.getMetadata().getNamespace()).isEqualTo("default");
        fromFile.configMaps().delete(null, "kc-" + ns);
    }

    private static long rv(HasMetadata o) {
        return Long.parseLong(o.getMetadata().getResourceVersion());
    }

    private static List<String> names(ObjectList<? extends HasMetadata> l) {
        return l.items().stream().map(o -> o.getMetadata().getName()).collect(Collectors.toList());
    }

    /** Collects a watch's events; {@link #closed} completes with the onClose cause (or CLEAN). */
    static final class Events<T> implements WatchListener<T> {
        static final Throwable CLEAN = new Throwable("closed cleanly");
        final BlockingQueue<WatchEvent<T>> all = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void onEvent(WatchEvent<T> event) {
            all.add(event);
        }

        @Override
        public void onClose(Throwable cause) {
            if (!closed.complete(cause == null ? CLEAN : cause)) {
                throw new AssertionError("onClose called twice");
            }
        }

        /** The next {@code n} events that are not bookmarks. */
        List<WatchEvent<T>> take(int n) throws InterruptedException {
            List<WatchEvent<T>> out = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < n) {
                WatchEvent<T> e = all.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("only " + out.size() + " of " + n + " events arrived: " + out);
                }
                if (e.type() != WatchEvent.Type.BOOKMARK) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
