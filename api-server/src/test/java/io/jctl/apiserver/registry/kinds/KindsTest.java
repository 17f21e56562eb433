package io.jctl.apiserver.registry.kinds;

import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.validation.NameRule;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class KindsTest {
    private final Map<String, ResourceType<?>> byPlural = Kinds.all().stream()
            .collect(Collectors.toMap(ResourceType::plural, Function.identity()));

    @Test
    void listsEveryKindOnce() {
        assertThat(byPlural.keySet()).containsExactlyInAnyOrder("namespaces", "pods", "nodes", "deployments", "replicasets",
                "services", "endpoints", "configmaps", "secrets", "events", "leases");
    }

    @Test
    void identityMatchesKubernetesDiscovery() {
        assertThat(byPlural.get("deployments").apiVersion()).isEqualTo("apps/v1");
        assertThat(byPlural.get("replicasets").qualifiedKind()).isEqualTo("ReplicaSet.apps");
        assertThat(byPlural.get("leases").apiVersion()).isEqualTo("coordination.k8s.io/v1");
        assertThat(byPlural.get("events").apiVersion()).isEqualTo("v1");
        assertThat(byPlural.get("namespaces").namespaced()).isFalse();
        assertThat(byPlural.get("nodes").namespaced()).isFalse();
        assertThat(byPlural.get("endpoints").singular()).isEqualTo("endpoints");
        assertThat(byPlural.get("services").nameRule()).isEqualTo(NameRule.DNS1035_LABEL);
        assertThat(byPlural.get("namespaces").nameRule()).isEqualTo(NameRule.DNS1123_LABEL);
        assertThat(byPlural.values().stream().filter(k -> k.categories().contains("all")).map(ResourceType::plural))
                .containsExactlyInAnyOrder("pods", "services", "deployments", "replicasets");
        Map<String, String> shortNames = Map.of("namespaces", "ns", "pods", "po", "nodes", "no", "deployments", "deploy",
                "replicasets", "rs", "services", "svc", "endpoints", "ep", "configmaps", "cm", "events", "ev");
        shortNames.forEach((plural, shortName) -> assertThat(byPlural.get(plural).shortNames()).as(plural).containsExactly(shortName));
        assertThat(byPlural.get("deployments").extraSubresources()).containsExactly("scale");
        assertThat(byPlural.get("replicasets").extraSubresources()).containsExactly("scale");
        assertThat(byPlural.get("secrets").selectableFields()).containsExactly("type");
        assertThat(byPlural.get("events").selectableFields()).contains("involvedObject.name", "reason", "source", "type");
        assertThat(byPlural.get("nodes").selectableFields()).containsExactly("spec.unschedulable");
    }

    @Test
    void everyKindHasCellsForItsColumns() throws Exception {
        for (ResourceType<?> kind : Kinds.all()) {
            assertThat(cellCount(kind)).as(kind.plural()).isEqualTo(kind.columns().size());
        }
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> int cellCount(ResourceType<T> kind) throws Exception {
        T empty = kind.type().getDeclaredConstructor().newInstance();
        return kind.cells(empty).size();
    }
}
