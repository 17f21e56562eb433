package io.jctl.runtime.cgroup;

import io.jctl.runtime.api.v1.LinuxResources;

/** Limits for one cgroup; a value of 0 or less means "not limited". cpu period and quota in µs. */
public record CgroupLimits(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimitBytes, long pidsLimit) {
    public static final CgroupLimits NONE = new CgroupLimits(0, 0, 0, 0, 0);

    public static CgroupLimits of(LinuxResources r) {
        if (r == null) {
            return NONE;
        }
        return new CgroupLimits(r.getCpuPeriod(), r.getCpuQuota(), r.getCpuShares(), r.getMemoryLimitInBytes(), r.getPidsLimit());
    }
}
