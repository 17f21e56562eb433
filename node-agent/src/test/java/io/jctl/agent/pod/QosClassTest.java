package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QosClassTest {
    static Map<String, Quantity> res(String spec) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return m;
        }
        for (String kv : spec.split(" ")) {
            String[] p = kv.split("=");
            m.put(p[0], new Quantity(p[1]));
        }
        return m;
    }

    static PodSpec pod(String requests, String limits) {
        return new PodSpecBuilder().addToContainers(new ContainerBuilder().withName("c").withNewResources()
                .withRequests(res(requests)).withLimits(res(limits)).endResources().build()).build();
    }

    @ParameterizedTest
    @CsvSource(value = {
            "'', '', BestEffort",
            "cpu=100m, '', Burstable",
            "'', cpu=1 memory=1Gi, Guaranteed",
            "cpu=1 memory=1Gi, cpu=1 memory=1Gi, Guaranteed",
            "cpu=1000m memory=1024Mi, cpu=1 memory=1Gi, Guaranteed",
            "cpu=500m memory=1Gi, cpu=1 memory=1Gi, Burstable",
            "'', cpu=1, Burstable",
            "ephemeral-storage=1Gi, '', BestEffort",
    })
    void computedAsKubernetes(String requests, String limits, String qos) {
        assertThat(QosClass.of(pod(requests, limits))).isEqualTo(qos);
    }
}
