package io.jctl.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAffinityTest {
    private static final String NODE_LABELS = "zone=a,disk=ssd,cores=8";
    private final NodeAffinity plugin = new NodeAffinity();

    /**
     * nodeSelector as k=v list; required terms separated by "|" (ORed), requirements in a term by
     * "&" (ANDed) as "key op v1 v2"; the node is "n1" with labels zone=a, disk=ssd, cores=8.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "nothing asked                 ; _             ; _                                  ; true",
            "selector matches              ; zone=a,disk=ssd ; _                                ; true",
            "selector value differs        ; zone=b        ; _                                  ; false",
            "selector label missing        ; gpu=yes       ; _                                  ; false",
            "In                            ; _             ; zone In a b                        ; true",
            "In misses                     ; _             ; zone In b c                        ; false",
            "NotIn                         ; _             ; zone NotIn b                       ; true",
            "NotIn on missing label        ; _             ; gpu NotIn yes                      ; true",
            "Exists                        ; _             ; disk Exists                        ; true",
            "DoesNotExist                  ; _             ; disk DoesNotExist                  ; false",
            "Gt                            ; _             ; cores Gt 4                         ; true",
            "Lt                            ; _             ; cores Lt 4                         ; false",
            "Gt not a number               ; _             ; zone Gt 4                          ; false",
            "AND within a term             ; _             ; zone In a & disk In hdd            ; false",
            "OR between terms              ; _             ; zone In b | disk In ssd            ; true",
            "matchFields metadata.name     ; _             ; field:metadata.name In n1          ; true",
            "matchFields other node        ; _             ; field:metadata.name In n2          ; false",
            "selector and affinity both    ; zone=b        ; disk In ssd                        ; false",
    })
    void filter(String name, String selector, String required, boolean fits) {
        Pod pod = Fixtures.pod("p", null, null).editSpec().withNodeSelector(labels(selector))
                .withAffinity(required.equals("_") ? null : new AffinityBuilder().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms(required))
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build())
                .endSpec().build();
        NodeInfo node = NodeInfo.of(Fixtures.node("n1", "4", "8Gi", 110).editMetadata().addToLabels(labels(NODE_LABELS))
                .endMetadata().build());
        var status = plugin.filter(PodInfo.of(pod), node);
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "sum of matching weights ; 10:zone In a , 5:disk In ssd , 7:zone In b ; 15",
            "none matches            ; 10:zone In b                               ; 0",
    })
    void preferredScore(String name, String preferred, long expected) {
        List<PreferredSchedulingTerm> prefs = new ArrayList<>();
        for (String p : preferred.split(",")) {
            String[] wt = p.trim().split(":");
            prefs.add(new PreferredSchedulingTerm(terms(wt[1]).get(0), Integer.parseInt(wt[0])));
        }
        Affinity a = new AffinityBuilder().withNewNodeAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(prefs)
                .endNodeAffinity().build();
        PodInfo pod = PodInfo.of(Fixtures.pod("p", null, null).editSpec().withAffinity(a).endSpec().build());
        NodeInfo node = NodeInfo.of(Fixtures.node("n1", "4", "8Gi", 110).editMetadata().addToLabels(labels(NODE_LABELS))
                .endMetadata().build());
        assertThat(plugin.skipScore(pod)).isFalse();
        assertThat(plugin.score(pod, node)).isEqualTo(expected);
    }

    static Map<String, String> labels(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!spec.trim().equals("_")) {
            for (String kv : spec.trim().split(",")) {
                String[] p = kv.split("=");
                m.put(p[0], p[1]);
            }
        }
        return m;
    }

    static List<NodeSelectorTerm> terms(String spec) {
        List<NodeSelectorTerm> out = new ArrayList<>();
        for (String term : spec.split("\\|")) {
            NodeSelectorTerm t = new NodeSelectorTerm();
            for (String req : term.split("&")) {
                String[] w = req.trim().split(" ");
                boolean field = w[0].startsWith("field:");
                NodeSelectorRequirement r = new NodeSelectorRequirement(field ? w[0].substring(6) : w[0], w[1],
                        new ArrayList<>(Arrays.asList(w).subList(2, w.length)));
                if (field) {
                    t.getMatchFields().add(r);
                } else {
                    t.getMatchExpressions().add(r);
                }
            }
            out.add(t);
        }
        return out;
    }
}
