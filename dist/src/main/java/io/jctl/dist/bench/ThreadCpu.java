package io.jctl.dist.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per thread group between two snapshots, to say where a benchmark's time went without
 * a profiler. Threads are grouped by name with trailing numbers and "-N" suffixes removed.
 */
final class ThreadCpu {
    private final Map<Long, Long> start = new HashMap<>();
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    ThreadCpu() {
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t >= 0) {
                start.put(id, t);
            }
        }
    }

    /** Seconds of CPU per group since construction, largest first. */
    Map<String, Double> since() {
        Map<String, Double> groups = new TreeMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            ThreadInfo info = mx.getThreadInfo(id);
            if (t < 0 || info == null) {
                continue;
            }
            long used = t - start.getOrDefault(id, 0L);
            groups.merge(group(info.getThreadName()), used / 1e9, Double::sum);
        }
        return groups;
    }

    static String group(String name) {
        return name.replaceAll("[-# ]?\\d+$", "").replaceAll("-\\d+-", "-");
    }

    /** CPU seconds used by the whole machine (user+nice+system+irq+softirq from /proc/stat), or NaN. */
    static double machineCpuSeconds() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return ticks / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
