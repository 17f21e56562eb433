package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.ResourceClient;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.testing.TestApiServer;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jctl.apiserver.client.ClientItSupport.configMap;
import static io.jctl.apiserver.client.ClientItSupport.newNamespace;
import static io.jctl.apiserver.client.ClientItSupport.serverVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SharedInformer against the real api-server: events, indexes, a server restart, a 410 relist. */
class InformerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int WATCH_CACHE_CAPACITY = 20;

    static TestApiServer api;
    static ApiClient client;
    final List<SharedInformer<?>> informers = new ArrayList<>();
    String ns;

    @BeforeAll
    static void start() {
        api = TestApiServer.start(c -> c.withWatchCacheCapacity(WATCH_CACHE_CAPACITY));
        client = ClientItSupport.clientFor(api);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = newNamespace(client, "inf");
    }

    @AfterEach
    void stopInformers() {
        informers.forEach(SharedInformer::stop);
    }

    /** An informer on one namespace that reconnects quickly, so tests need not wait for backoffs. */
    SharedInformer<ConfigMap> informer(ApiClient c, String namespace, ListOptions selectors) {
        SharedInformer<ConfigMap> inf = new SharedInformer<>(c.configMaps(), namespace, selectors,
                Duration.ofMillis(50), Duration.ofMillis(500), 30);
        informers.add(inf);
        return inf;
    }

    @Test
    void seesAddsUpdatesAndDeletesAndIndexesByLabel() {
        ResourceClient<ConfigMap> cms = client.configMaps();
        cms.create(configMap(ns, "before", Map.of("tier", "a"), Map.of("v", "0")));
        SharedInformer<ConfigMap> inf = informer(client, ns, ListOptions.all())
                .addIndex("tier", cm -> cm.getMetadata().getLabels() == null || !cm.getMetadata().getLabels().containsKey("tier")
                        ? List.of() : List.of(cm.getMetadata().getLabels().get("tier")));
        Recorder rec = new Recorder();
        inf.addEventHandler(rec);
        inf.start();
        assertThat(inf.waitForSync(WAIT)).isTrue();
        assertThat(rec.log).containsExactly("add before v=0");

        cms.create(configMap(ns, "x", Map.of("tier", "a"), Map.of("v", "1")));
        cms.create(configMap(ns, "y", Map.of("tier", "b"), Map.of("v", "1")));
        cms.patch(ns, "x", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"tier\":\"b\"}},\"data\":{\"v\":\"2\"}}");
        cms.delete(ns, "before");
        await().atMost(WAIT).untilAsserted(() -> assertThat(rec.log).containsExactly(
                "add before v=0", "add x v=1", "add y v=1", "update x v=1->2", "delete before v=0"));

        assertThat(inf.get(ns, "x").getData()).containsEntry("v", "2");
        assertThat(inf.get(ns, "before")).isNull();
        assertThat(inf.list(ns)).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("x", "y");
        assertThat(inf.indexer().byIndex("tier", "b")).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("x", "y");
        assertThat(inf.indexer().byIndex("tier", "a")).isEmpty();
        assertThat(inf.indexer().indexValues("tier")).containsExactly("b");
        assertThat(cacheVersions(inf)).isEqualTo(serverVersions(client, ns));

        // A handler added late first hears of everything cached.
        Recorder late = new Recorder();
        inf.addEventHandler(late);
        await().atMost(WAIT).untilAsserted(() -> assertThat(late.log).containsExactlyInAnyOrder("add x v=2", "add y v=1"));
    }

    @Test
    void theFactorysInformerCachesEveryNamespace() {
        String other = newNamespace(client, "inf-other");
        client.configMaps().create(configMap(ns, "here", Map.of(), Map.of()));
        InformerFactory factory = new InformerFactory(client);
        try {
            SharedInformer<ConfigMap> inf = factory.informer(ResourceRef.CONFIGMAPS, ConfigMap.class);
            assertThat(factory.informer(ResourceRef.CONFIGMAPS, ConfigMap.class)).isSameAs(inf);
            factory.start();
            assertThat(factory.waitForSync(WAIT)).isTrue();
            assertThat(inf.get(ns, "here")).isNotNull();
            client.configMaps().create(configMap(other, "there", Map.of(), Map.of()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(inf.list(other))
                    .extracting(c -> c.getMetadata().getName()).containsExactly("there"));
            assertThat(inf.indexer().indexValues(Indexer.NAMESPACE)).contains(ns, other);
        } finally {
            factory.stop();
        }
    }

    @Test
    void aLabelSelectedInformerSeesObjectsEnterAndLeave() {
        ResourceClient<ConfigMap> cms = client.configMaps();
        SharedInformer<ConfigMap> inf = informer(client, ns, ListOptions.labelSelector("watched=yes"));
        Recorder rec = new Recorder();
        inf.addEventHandler(rec);
        inf.start();
        assertThat(inf.waitForSync(WAIT)).isTrue();
        cms.create(configMap(ns, "m", Map.of("watched", "no"), Map.of("v", "1")));
        cms.patch(ns, "m", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"watched\":\"yes\"}},\"data\":{\"v\":\"2\"}}");
        cms.patch(ns, "m", PatchType.MERGE, "{\"data\":{\"v\":\"3\"}}");
        cms.patch(ns, "m", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"watched\":\"no\"}},\"data\":{\"v\":\"4\"}}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(rec.log)
                .containsExactly("add m v=2", "update m v=2->3", "delete m v=4"));
        assertThat(inf.list()).isEmpty();
    }

    /**
     * With watches the server ends every second or two, the informer re-watches from where it
     * was again and again: one list, every change seen, in order.
     */
    @Test
    void shortWatchesResumeWithoutGapsOrRelists() {
        ResourceClient<ConfigMap> cms = client.configMaps();
        cms.create(configMap(ns, "counter", Map.of(), Map.of("v", "0")));
        double listsBefore = requests(api, "LIST");
        SharedInformer<ConfigMap> inf = new SharedInformer<>(client.configMaps(), ns, ListOptions.all(),
                Duration.ofMillis(50), Duration.ofMillis(500), 1);
        informers.add(inf);
        Recorder rec = new Recorder();
        inf.addEventHandler(rec);
        inf.start();
        assertThat(inf.waitForSync(WAIT)).isTrue();
        double watchesBefore = requests(api, "WATCH");
        int last = 0;
        // Write until the informer has opened at least three more watches (each lives 1-2 s).
        long until = System.nanoTime() + WAIT.toNanos();
        while (requests(api, "WATCH") - watchesBefore < 3 && System.nanoTime() < until) {
            cms.patch(ns, "counter", PatchType.MERGE, "{\"data\":{\"v\":\"" + ++last + "\"}}");
            sleep(10);
        }
        int written = last;
        await().atMost(WAIT).untilAsserted(() -> assertThat(rec.valuesOf("counter")).hasSize(written + 1));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= written; i++) {
            expected.add(i);
        }
        assertThat(rec.valuesOf("counter")).containsExactlyElementsOf(expected);
        assertThat(requests(api, "WATCH") - watchesBefore).as("watches ended and reopened").isGreaterThanOrEqualTo(3);
        assertThat(requests(api, "LIST") - listsBefore).as("lists").isEqualTo(1);
    }

    @Test
    void stoppingAnInformerEndsItsThreadsAndWatch() {
        SharedInformer<ConfigMap> inf = informer(client, ns, ListOptions.all());
        inf.start();
        assertThat(inf.waitForSync(WAIT)).isTrue();
        String path = "/namespaces/" + ns + "/configmaps";
        await().atMost(WAIT).until(() -> threadNames().stream().anyMatch(n -> n.startsWith("jctl-watch ") && n.contains(path)));
        inf.stop();
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadNames())
                .noneMatch(n -> n.startsWith("jctl-watch ") && n.contains(path)));
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    }

    /**
     * The informer rides out a restart on the same port and data: it resumes its watch from the
     * last resourceVersion, so every write, including those while it was reconnecting, arrives
     * as an event in order, with no relist.
     */
    @Test
    void resumesAfterARestartWithoutLosingEvents() {
        try (TestApiServer own = TestApiServer.start()) {
            ApiClient c = ClientItSupport.clientFor(own);
            String n = newNamespace(c, "restart");
            ResourceClient<ConfigMap> cms = c.configMaps();
            cms.create(configMap(n, "counter", Map.of(), Map.of("v", "0")));
            for (int i = 0; i < 5; i++) {
                cms.create(configMap(n, "keep-" + i, Map.of(), Map.of("v", "0")));
            }
            SharedInformer<ConfigMap> inf = informer(c, n, ListOptions.all());
            Recorder rec = new Recorder();
            inf.addEventHandler(rec);
            inf.start();
            assertThat(inf.waitForSync(WAIT)).isTrue();

            // A writer bumps the counter without pause, across the restart, retrying what fails.
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                int next = 1;
                while (writing.get()) {
                    try {
                        cms.patch(n, "counter", PatchType.MERGE, "{\"data\":{\"v\":\"" + next + "\"}}");
                        written.set(next++);
                    } catch (RuntimeException e) {
                        sleep(20);
                    }
                }
            }, "counter-writer");
            writer.start();
            try {
                await().atMost(WAIT).until(() -> written.get() >= 10);
                own.restart();
                int afterRestart = written.get();
                await().atMost(WAIT).until(() -> written.get() >= afterRestart + 10);
            } finally {
                writing.set(false);
                join(writer);
            }
            cms.delete(n, "keep-0");
            cms.patch(n, "keep-1", PatchType.MERGE, "{\"data\":{\"v\":\"1\"}}");
            cms.create(configMap(n, "new", Map.of(), Map.of("v", "0")));

            await().atMost(WAIT).untilAsserted(() -> assertThat(rec.log).endsWith(
                    "delete keep-0 v=0", "update keep-1 v=0->1", "add new v=0"));
            assertThat(requests(own, "LIST")).as("lists after the restart").isZero();
            assertThat(requests(own, "WATCH")).as("watches after the restart").isPositive();
            assertThat(cacheVersions(inf)).isEqualTo(serverVersions(c, n));
            // Every value the counter took, in order: a resumed watch, not a relist that skips some.
            // (A patch retried after its answer was lost writes the same value twice; collapse those.)
            List<Integer> seen = collapseRepeats(rec.valuesOf("counter"));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i <= written.get(); i++) {
                expected.add(i);
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    /**
     * Cut off while more changes happen than the watch cache keeps and the store is compacted,
     * the informer's resourceVersion is gone (410): it lists again, ends equal to the server, and
     * tells its handlers about the adds, updates and deletes it missed.
     */
    @Test
    void relistsAfterItsResourceVersionWasCompactedAway() throws Exception {
        ResourceClient<ConfigMap> cms = client.configMaps();
        for (int i = 0; i < 10; i++) {
            cms.create(configMap(ns, "cm-" + i, Map.of(), Map.of("v", "0")));
        }
        try (CuttableProxy proxy = new CuttableProxy(api.server().port())) {
            SharedInformer<ConfigMap> inf = informer(ClientItSupport.clientFor(api, proxy.url()), ns, ListOptions.all());
            Mirror mirror = new Mirror();
            inf.addEventHandler(mirror);
            inf.start();
            assertThat(inf.waitForSync(WAIT)).isTrue();
            cms.patch(ns, "cm-0", PatchType.MERGE, "{\"data\":{\"v\":\"live\"}}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(inf.get(ns, "cm-0").getData()).containsEntry("v", "live"));

            proxy.cut();
            String stale = inf.lastSyncResourceVersion();
            for (int i = 1; i < 4; i++) {
                cms.delete(ns, "cm-" + i);
            }
            for (int i = 4; i < 10; i++) {
                for (int round = 1; round <= 3; round++) {
                    cms.patch(ns, "cm-" + i, PatchType.MERGE, "{\"data\":{\"v\":\"" + round + "\"}}");
                }
            }
            for (int i = 0; i < 3; i++) {
                cms.create(configMap(ns, "fresh-" + i, Map.of(), Map.of("v", "0")));
            }
            api.server().store().compact(api.server().store().currentRevision());
            assertThat(watchIsExpired(stale)).as("a watch from %s is expired", stale).isTrue();
            double listsBefore = requests(api, "LIST");

            proxy.restore();
            Map<String, String> server = serverVersions(client, ns);
            assertThat(server).containsOnlyKeys("cm-0", "cm-4", "cm-5", "cm-6", "cm-7", "cm-8", "cm-9",
                    "fresh-0", "fresh-1", "fresh-2");
            await().atMost(WAIT).untilAsserted(() -> assertThat(cacheVersions(inf)).isEqualTo(server));
            await().atMost(WAIT).untilAsserted(() -> assertThat(mirror.versions()).isEqualTo(server));
            assertThat(inf.get(ns, "cm-9").getData()).containsEntry("v", "3");
            assertThat(requests(api, "LIST")).as("the informer listed again").isGreaterThan(listsBefore);

            // And it watches again: later changes still arrive.
            cms.patch(ns, "cm-0", PatchType.MERGE, "{\"data\":{\"v\":\"after\"}}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(mirror.data("cm-0")).isEqualTo("after"));
        }
    }

    private boolean watchIsExpired(String resourceVersion) throws InterruptedException {
        ApiClientIT.Events<ConfigMap> events = new ApiClientIT.Events<>();
        Watch w;
        try {
            w = client.configMaps().watch(ns, ListOptions.all().withResourceVersion(resourceVersion), events);
        } catch (ApiException e) {
            return e.code() == 410;
        }
        try (w) {
            WatchEvent<ConfigMap> e = events.all.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return e != null && e.isExpired();
        }
    }

    /** Requests the server answered with this verb on configmaps since it started. */
    private static double requests(TestApiServer server, String verb) {
        return server.server().metrics().registry().find("apiserver_request_total")
                .tag("verb", verb).tag("resource", "configmaps").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Map<String, String> cacheVersions(SharedInformer<ConfigMap> inf) {
        Map<String, String> out = new TreeMap<>();
        inf.list().forEach(c -> out.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        return out;
    }

    private static List<Integer> collapseRepeats(List<Integer> values) {
        List<Integer> out = new ArrayList<>();
        for (Integer v : values) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String v(ConfigMap c) {
        return c.getData() == null ? null : c.getData().get("v");
    }

    /** Writes down every notification as "verb name v=value". */
    static final class Recorder implements ResourceEventHandler<ConfigMap> {
        final List<String> log = new CopyOnWriteArrayList<>();
        private final List<ConfigMap> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAdd(ConfigMap o) {
            seen.add(o);
            log.add("add " + o.getMetadata().getName() + " v=" + v(o));
        }

        @Override
        public void onUpdate(ConfigMap old, ConfigMap now) {
            seen.add(now);
            log.add("update " + now.getMetadata().getName() + " v=" + v(old) + "->" + v(now));
        }

        @Override
        public void onDelete(ConfigMap o) {
            log.add("delete " + o.getMetadata().getName() + " v=" + v(o));
        }

        /** The values of "v" the object had in each add and update, in order. */
        List<Integer> valuesOf(String name) {
            List<Integer> out = new ArrayList<>();
            for (ConfigMap c : seen) {
                if (c.getMetadata().getName().equals(name)) {
                    out.add(Integer.parseInt(v(c)));
                }
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** Rebuilds the informer's state from its notifications alone. */
    static final class Mirror implements ResourceEventHandler<ConfigMap> {
        private final Map<String, ConfigMap> objects = new ConcurrentHashMap<>();

        @Override
        public void onAdd(ConfigMap o) {
            objects.put(Keys.of(o), o);
        }

        @Override
        public void onUpdate(ConfigMap old, ConfigMap now) {
            objects.put(Keys.of(now), now);
        }

        @Override
        public void onDelete(ConfigMap o) {
            objects.remove(Keys.of(o));
        }

        Map<String, String> versions() {
            Map<String, String> out = new TreeMap<>();
            objects.values().forEach(c -> out.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
            return out;
        }

        String data(String name) {
            return objects.values().stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                    .map(InformerIT::v).orElse(null);
        }
    }
}
