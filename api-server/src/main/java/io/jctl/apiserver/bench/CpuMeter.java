package io.jctl.apiserver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * CPU use over a phase, in cores: this whole process, the load client's threads within it, and
 * everything else on the machine (other processes, e.g. etcd or other work sharing the box),
 * from the JVM's thread and process CPU clocks and {@code /proc/stat}.
 */
public final class CpuMeter {
    private static final long NANOS_PER_JIFFY = 10_000_000L; // USER_HZ is 100 on Linux
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Set<Long> clientThreads;

    CpuMeter(Set<Long> clientThreads) {
        this.clientThreads = clientThreads;
    }

    record Sample(long wall, long process, long client, long machineBusy) {
    }

    /** Average cores busy between two samples. */
    public record Usage(double process, double client, double machine) {
        static final Usage NONE = new Usage(Double.NaN, Double.NaN, Double.NaN);

        /** Cores busy outside this process. */
        public double others() {
            return Math.max(0, machine - process);
        }

        /** The load client's share of this process's CPU, in percent. */
        public double clientPercent() {
            return process > 0 ? 100 * client / process : Double.NaN;
        }
    }

    Sample sample() {
        long client = 0;
        for (long id : clientThreads) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                client += t;
            }
        }
        return new Sample(System.nanoTime(), os.getProcessCpuTime(), client, machineBusyNanos());
    }

    static Usage between(Sample a, Sample b) {
        double wall = Math.max(1, b.wall() - a.wall());
        return new Usage((b.process() - a.process()) / wall, (b.client() - a.client()) / wall,
                a.machineBusy() < 0 ? Double.NaN : (b.machineBusy() - a.machineBusy()) / wall);
    }

    /** Busy CPU time of all cores so far, or -1 where there is no {@code /proc/stat}. */
    private static long machineBusyNanos() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_JIFFY;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** A line of {@code /proc/self/status}, e.g. VmRSS, in MiB, or NaN. */
    static double procStatusMiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    String[] f = line.substring(key.length() + 1).trim().split("\\s+");
                    return Long.parseLong(f[0]) / 1024.0; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
