package io.jctl.runtime.cgroup;

import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cgroup hierarchy of this machine, v1 or v2. Every method takes a path relative to the
 * hierarchy root ({@code jctl/<pod>/<container>}). Removing kills what still runs inside first.
 */
public abstract class Cgroups {
    /** "v1" or "v2". */
    public abstract String version();

    /** Creates the cgroup (and its parents) and applies limits; applying again is harmless. */
    public abstract void create(String path, CgroupLimits limits) throws IOException;

    /** The cgroup.procs files a process writes itself into to join the cgroup (one per v1 hierarchy). */
    public abstract List<Path> procsFiles(String path);

    public abstract CgroupStats stats(String path) throws IOException;

    /**
     * Applies the default device allowlist (runc's: mknod of anything, read/write only null, zero,
     * full, random, urandom, tty, ptmx and ptys) to an existing cgroup, before any process joins
     * it. A no-op where this is not supported: on v2 that takes a BPF program, which is not done.
     */
    public void restrictDevices(String path) throws IOException {
    }

    /** Whether {@link #restrictDevices} does anything on this machine. */
    public boolean restrictsDevices() {
        return false;
    }

    /** How many processes the kernel's OOM killer killed in this cgroup (0 when it does not exist). */
    public abstract long oomKills(String path);

    /** The directories that make up this cgroup, one per hierarchy. */
    protected abstract List<Path> dirs(String path);

    /** Names of the child cgroups of path (in the first hierarchy), for garbage collection. */
    public List<String> children(String path) {
        Path dir = dirs(path).get(0);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public boolean exists(String path) {
        return dirs(path).stream().anyMatch(Files::isDirectory);
    }

    /** Kills every process left in the cgroup and its children, then removes them; absent is fine. */
    public void remove(String path) throws IOException {
        for (Path dir : dirs(path)) {
            removeTree(dir);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path child : s.filter(Files::isDirectory).toList()) {
                removeTree(child);
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<Integer> pids = readPids(dir.resolve("cgroup.procs"));
            if (pids.isEmpty()) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (java.nio.file.FileSystemException e) {
                    // a process was still exiting (EBUSY); try again below
                    if (System.nanoTime() > deadline) {
                        throw new IOException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
                    }
                }
            } else {
                for (int pid : pids) {
                    Syscalls.kill(pid, Syscalls.SIGKILL);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("cgroup " + dir + " still holds processes " + pids + " after SIGKILL");
                }
            }
            sleep(5);
        }
    }

    static List<Integer> readPids(Path procs) throws IOException {
        List<Integer> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    pids.add(Integer.parseInt(line.trim()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return pids;
    }

    static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    /** Reads this machine's mounts and picks v1 when a v1 memory hierarchy exists, else v2. */
    public static Cgroups detect() throws IOException {
        return detect(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    static Cgroups detect(List<String> mountinfo) throws IOException {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            Path mountPoint = Path.of(left[4].replace("\\040", " "));
            if (right[0].equals("cgroup")) {
                for (String option : right[2].split(",")) {
                    v1.putIfAbsent(option, mountPoint);
                }
            } else if (right[0].equals("cgroup2")) {
                unified = mountPoint;
            }
        }
        if (v1.containsKey("memory")) {
            for (String needed : List.of("cpu", "cpuacct", "pids")) {
                if (!v1.containsKey(needed)) {
                    throw new IOException("cgroup v1: no " + needed + " hierarchy is mounted (have " + v1.keySet() + ")");
                }
            }
            return new CgroupV1(v1.get("cpu"), v1.get("cpuacct"), v1.get("memory"), v1.get("pids"), v1.get("devices"));
        }
        if (unified != null) {
            return new CgroupV2(unified);
        }
        throw new IOException("no cgroup hierarchy with a memory controller is mounted (see /proc/self/mountinfo)");
    }

    static long readLong(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.equals("max") ? 0 : Long.parseLong(s.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The value of "key value" in a flat-keyed file such as memory.stat, or 0. */
    static long readKey(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IOException("write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
