package io.jctl.dist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What /proc says about one process: CPU seconds (user + system, its own threads only), resident
 * memory now and at its peak, threads. Zeros when the process is gone.
 */
record ProcStats(double cpuSeconds, long rssKb, long hwmKb, int threads) {
    /** Linux reports CPU times in clock ticks of 1/100 s on every architecture jctl runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    static ProcStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name in parentheses may hold spaces: fields count from after its ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                } else if (line.startsWith("Threads:")) {
                    threads = (int) kb(line);
                }
            }
            return new ProcStats(cpu, rss, hwm, threads);
        } catch (IOException | RuntimeException e) {
            return new ProcStats(0, 0, 0, 0);
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Pids of every process whose command line contains {@code marker}, and of their descendants. */
    static List<Long> processesMentioning(String marker) {
        // One pass over /proc: with thousands of containers, asking each match for its
        // descendants would scan the whole process table once per match.
        Map<Long, List<Long>> children = new HashMap<>();
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                    String cmd = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(marker)) {
                        found.add(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return found;
        }
        java.util.Set<Long> all = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(found);
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (all.add(pid)) {
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * CPU seconds per thread group of a process, from /proc/PID/task/TID/stat: the kernel's thread
     * names (15 characters at most) with digits and trailing separators removed.
     */
    static Map<String, Double> threadCpu(long pid) {
        Map<String, Double> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    out.merge(name.replaceAll("[0-9]+", "").replaceAll("[-_ #]+$", ""), cpu, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** Proportional set size in KiB (shared pages split among their users), from smaps_rollup; 0 if gone. */
    static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return kb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The machine's available memory (MemAvailable) in KiB, or -1. */
    static long memAvailableKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return kb(line);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /** "1.23 0.98 0.75" from /proc/loadavg, or "?". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
