package io.jctl.apiserver.kubeservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.allocation.ServiceAllocations;
import io.jctl.apiserver.allocation.ServiceRanges;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.kinds.Kinds;
import io.jctl.apiserver.rest.CreateOperation;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.WriteOptions;
import io.jctl.apiserver.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two api-servers' reconcilers on one store: one Service, both addresses, and neither undoes the other. */
class KubernetesServiceSharedStoreIT {
    @TempDir
    Path dir;
    private SqliteStore store;
    private ObjectStore objects;
    private ResourceRegistry registry;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("state.db"));
        objects = new ObjectStore(store);
        objects.withHook("services", new ServiceAllocations(store, ServiceRanges.defaults()));
        registry = new ResourceRegistry(Kinds.all());
        ObjectNode ns = Json.newObject();
        ns.putObject("metadata").put("name", "default");
        new CreateOperation(objects, registry).create(registry.find("", "v1", "namespaces").orElseThrow(), null, ns,
                WriteOptions.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachServerAddsItselfAndTakesOnlyItselfOutWhenItStops() {
        KubernetesServiceReconciler a = reconciler("10.0.0.1");
        KubernetesServiceReconciler b = reconciler("10.0.0.2");
        try {
            a.reconcile();
            b.reconcile();
            long revision = store.currentRevision();
            a.reconcile();
            assertThat(addresses()).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(store.currentRevision()).as("only the lease renewal is written").isEqualTo(revision + 1);
            assertThat(objects.get(type("services"), "default", "kubernetes").object().at("/spec/clusterIP").asText())
                    .isEqualTo("10.96.0.1");

            b.close();
            assertThat(addresses()).containsExactly("10.0.0.1");
            a.reconcile();
            assertThat(addresses()).containsExactly("10.0.0.1");
        } finally {
            a.close();
            b.close();
        }
        assertThat(addresses()).isEmpty();
    }

    @Test
    void endpointAddressSkipsLoopbackAndHostNames() {
        assertThat(KubernetesServiceReconciler.endpointAddress(List.of("127.0.0.1", "api.example", "::1", "192.0.2.4")))
                .contains("192.0.2.4");
        assertThat(KubernetesServiceReconciler.endpointAddress(List.of("127.0.0.1"))).isEmpty();
        assertThat(KubernetesServiceReconciler.endpointAddress(List.of("[fd00::5]"))).contains("fd00:0:0:0:0:0:0:5");
    }

    private KubernetesServiceReconciler reconciler(String ip) {
        return new KubernetesServiceReconciler(objects, registry, ServiceRanges.defaults(), List.of("127.0.0.1", ip), 6443);
    }

    private ResourceType<?> type(String plural) {
        return registry.find("", "v1", plural).orElseThrow();
    }

    private List<String> addresses() {
        List<String> out = new ArrayList<>();
        JsonNode subsets = objects.get(type("endpoints"), "default", "kubernetes").object().path("subsets");
        for (JsonNode ss : subsets) {
            for (JsonNode a : ss.path("addresses")) {
                out.add(a.path("ip").asText());
            }
        }
        return out;
    }
}
