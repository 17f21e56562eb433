package io.jctl.apiserver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * CPU use over a phase, in cores: this whole process, the load client's threads within it, a
 * local etcd, and everything else on the machine (other work sharing the box), from the JVM's
 * thread and process CPU clocks, etcd's {@code /proc} entry and {@code /proc/stat}.
 */
public final class CpuMeter {
    private static final long NANOS_PER_JIFFY = 10_000_000L; // USER_HZ is 100 on Linux
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Set<Long> clientThreads;
    private final LongSupplier etcdCpuNanos;

    /** {@code etcdCpuNanos} gives a local etcd's CPU time so far, or -1 when there is none. */
    CpuMeter(Set<Long> clientThreads, LongSupplier etcdCpuNanos) {
        this.clientThreads = clientThreads;
        this.etcdCpuNanos = etcdCpuNanos;
    }

    record Sample(long wall, long process, long client, long machineBusy, long etcd) {
    }

    /** Average cores busy between two samples; {@code etcd} is NaN without a local etcd. */
    public record Usage(double process, double client, double machine, double etcd) {

        /** Cores busy outside this process and the local etcd. */
        public double others() {
            return Math.max(0, machine - process - (Double.isNaN(etcd) ? 0 : etcd));
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
        return new Sample(System.nanoTime(), os.getProcessCpuTime(), client, machineBusyNanos(),
                etcdCpuNanos.getAsLong());
    }

    static Usage between(Sample a, Sample b) {
        double wall = Math.max(1, b.wall() - a.wall());
        return new Usage((b.process() - a.process()) / wall, (b.client() - a.client()) / wall,
                a.machineBusy() < 0 ? Double.NaN : (b.machineBusy() - a.machineBusy()) / wall,
                a.etcd() < 0 || b.etcd() < 0 ? Double.NaN : (b.etcd() - a.etcd()) / wall);
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
