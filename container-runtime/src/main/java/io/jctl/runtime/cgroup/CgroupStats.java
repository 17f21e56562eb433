package io.jctl.runtime.cgroup;

/** Usage of one cgroup. memoryLimitBytes is 0 when unlimited. */
public record CgroupStats(long cpuUsageNanos, long memoryUsageBytes, long memoryWorkingSetBytes,
                          long memoryLimitBytes, long pidsCurrent) {
}
