package io.jctl.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceReconcilerTest {
    final Indexer<Namespace> namespaces = new Indexer<>();
    final List<String> actions = new ArrayList<>();
    final Set<String> lingering = new HashSet<>();
    final NamespaceReconciler reconciler = new NamespaceReconciler(namespaces, new NamespaceContent() {
        @Override
        public List<ResourceRef> namespacedResources() {
            return List.of(ResourceRef.PODS, ResourceRef.CONFIGMAPS);
        }

        @Override
        public boolean deleteAll(ResourceRef resource, String namespace) {
            actions.add("delete " + resource.plural());
            return lingering.contains(resource.plural());
        }

        @Override
        public void removeKubernetesFinalizer(String namespace) {
            actions.add("finalize " + namespace);
        }
    });

    void namespace(boolean deleting) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("app").endMetadata()
                .withNewSpec().withFinalizers("kubernetes").endSpec().build();
        if (deleting) {
            ns.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        }
        namespaces.add(ns);
    }

    @Test
    void leavesALiveNamespaceAlone() {
        namespace(false);
        assertThat(reconciler.reconcile("app")).isEqualTo(Result.done());
        assertThat(actions).isEmpty();
    }

    @Test
    void emptiesEveryResourceThenFinalizes() {
        namespace(true);
        assertThat(reconciler.reconcile("app")).isEqualTo(Result.done());
        assertThat(actions).containsExactly("delete pods", "delete configmaps", "finalize app");
    }

    @Test
    void comesBackWhileObjectsLinger() {
        namespace(true);
        lingering.add("pods");
        assertThat(reconciler.reconcile("app")).isEqualTo(Result.requeueAfter(NamespaceReconciler.CONTENT_REMAINS_RECHECK));
        assertThat(actions).containsExactly("delete pods", "delete configmaps");
    }
}
