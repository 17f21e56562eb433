package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexerTest {
    private static Pod pod(String ns, String name, String node) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withResourceVersion("1").endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }

    private static List<String> byNode(Pod p) {
        String n = p.getSpec().getNodeName();
        return n == null ? List.of() : List.of(n);
    }

    @Test
    void keysAreNamespaceSlashNameOrJustName() {
        assertThat(Keys.of(pod("a", "p", null))).isEqualTo("a/p");
        Node n = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build();
        assertThat(Keys.of(n)).isEqualTo("n1");
        assertThat(Keys.namespace("a/p")).isEqualTo("a");
        assertThat(Keys.namespace("n1")).isNull();
        assertThat(Keys.name("a/p")).isEqualTo("p");
    }

    @Test
    void namespaceIndexIsBuiltIn() {
        Indexer<Pod> idx = new Indexer<>();
        idx.add(pod("a", "p1", null));
        idx.add(pod("a", "p2", null));
        idx.add(pod("b", "p1", null));
        assertThat(idx.list("a")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("p1", "p2");
        assertThat(idx.list("b")).hasSize(1);
        assertThat(idx.list("c")).isEmpty();
        assertThat(idx.get("b", "p1")).isNotNull();
        assertThat(idx.getByKey("a/p2")).isNotNull();
        assertThat(idx.indexValues(Indexer.NAMESPACE)).containsExactlyInAnyOrder("a", "b");

        idx.delete(pod("a", "p1", null));
        assertThat(idx.list("a")).extracting(p -> p.getMetadata().getName()).containsExactly("p2");
        idx.deleteByKey("a/p2");
        assertThat(idx.indexValues(Indexer.NAMESPACE)).containsExactly("b");
        assertThat(idx.size()).isEqualTo(1);
    }

    @Test
    void customIndexFollowsUpdates() {
        Indexer<Pod> idx = new Indexer<>();
        idx.add(pod("a", "p1", "n1"));
        idx.addIndex("node", IndexerTest::byNode); // indexes what is already there
        idx.add(pod("a", "p2", "n1"));
        idx.add(pod("a", "p3", null));
        assertThat(idx.byIndex("node", "n1")).hasSize(2);
        assertThat(idx.indexKeys("node", "n1")).containsExactlyInAnyOrder("a/p1", "a/p2");

        Pod old = idx.update(pod("a", "p1", "n2"));
        assertThat(old.getSpec().getNodeName()).isEqualTo("n1");
        assertThat(idx.indexKeys("node", "n1")).containsExactly("a/p2");
        assertThat(idx.indexKeys("node", "n2")).containsExactly("a/p1");

        Pod same = pod("a", "p2", "n1");
        idx.update(same);
        assertThat(idx.byIndex("node", "n1")).as("the new object, under the same value").containsExactly(same);
        assertThat(idx.list("a")).filteredOn(p -> p.getMetadata().getName().equals("p2")).containsExactly(same);
        idx.update(pod("a", "p2", null));
        assertThat(idx.indexValues("node")).containsExactly("n2");
        assertThatThrownBy(() -> idx.byIndex("nope", "x")).hasMessageContaining("no index \"nope\"");
        assertThatThrownBy(() -> idx.addIndex("node", IndexerTest::byNode)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceSwapsEverythingAndReturnsTheOldContents() {
        Indexer<Pod> idx = new Indexer<>();
        idx.addIndex("node", IndexerTest::byNode);
        idx.add(pod("a", "p1", "n1"));
        idx.add(pod("a", "p2", "n1"));
        var old = idx.replace(List.of(pod("a", "p2", "n2"), pod("b", "p9", "n2")));
        assertThat(old).containsOnlyKeys("a/p1", "a/p2");
        assertThat(idx.listKeys()).containsExactlyInAnyOrder("a/p2", "b/p9");
        assertThat(idx.byIndex("node", "n1")).isEmpty();
        assertThat(idx.byIndex("node", "n2")).hasSize(2);
        assertThat(idx.list("a")).hasSize(1);
    }
}
