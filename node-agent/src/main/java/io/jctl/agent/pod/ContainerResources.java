package io.jctl.agent.pod;

import io.jctl.api.resources.Quantities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jctl.runtime.api.v1.LinuxResources;

import java.util.Map;

/**
 * A container's cgroup settings from its resources, as the kubelet derives them: cpu limit to
 * CFS quota over a 100 ms period, cpu request to shares (2 when there is none), memory limit
 * in bytes, and the node-wide pids limit.
 */
public final class ContainerResources {
    public static final long CPU_PERIOD_US = 100_000;
    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262_144;
    private static final long MIN_QUOTA_US = 1_000;

    private ContainerResources() {
    }

    public static LinuxResources of(Container c, long pidsLimit) {
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
                ? Map.of() : c.getResources().getLimits();
        Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null
                ? Map.of() : c.getResources().getRequests();
        LinuxResources.Builder b = LinuxResources.newBuilder();
        Quantity cpuRequest = requests.getOrDefault("cpu", limits.get("cpu"));
        b.setCpuShares(shares(cpuRequest == null ? 0 : Quantities.milli(cpuRequest)));
        Quantity cpuLimit = limits.get("cpu");
        if (cpuLimit != null && Quantities.milli(cpuLimit) > 0) {
            b.setCpuPeriod(CPU_PERIOD_US).setCpuQuota(Math.max(MIN_QUOTA_US, Quantities.milli(cpuLimit) * CPU_PERIOD_US / 1000));
        }
        Quantity memLimit = limits.get("memory");
        if (memLimit != null) {
            b.setMemoryLimitInBytes(Quantities.whole(memLimit));
        }
        if (pidsLimit > 0) {
            b.setPidsLimit(pidsLimit);
        }
        return b.build();
    }

    static long shares(long milliCpu) {
        if (milliCpu == 0) {
            return MIN_SHARES;
        }
        return Math.max(MIN_SHARES, Math.min(MAX_SHARES, milliCpu * 1024 / 1000));
    }
}
