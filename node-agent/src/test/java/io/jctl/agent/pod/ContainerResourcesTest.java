package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jctl.runtime.api.v1.LinuxResources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerResourcesTest {
    @Test
    void limitsAndRequestsBecomeCgroupSettings() {
        LinuxResources r = ContainerResources.of(new ContainerBuilder().withNewResources()
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))
                .withRequests(Map.of("cpu", new Quantity("250m"))).endResources().build(), 1024);
        assertThat(r.getCpuPeriod()).isEqualTo(100_000);
        assertThat(r.getCpuQuota()).isEqualTo(50_000);
        assertThat(r.getCpuShares()).isEqualTo(256);
        assertThat(r.getMemoryLimitInBytes()).isEqualTo(128L << 20);
        assertThat(r.getPidsLimit()).isEqualTo(1024);
    }

    @Test
    void bestEffortGetsMinimumSharesAndNoLimits() {
        LinuxResources r = ContainerResources.of(new ContainerBuilder().build(), 0);
        assertThat(r.getCpuShares()).isEqualTo(2);
        assertThat(r.getCpuQuota()).isZero();
        assertThat(r.getMemoryLimitInBytes()).isZero();
    }
}
