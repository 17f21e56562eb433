package io.jctl.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pod addresses from one CIDR, persisted as one file per allocated address (named by the
 * address, holding the sandbox id and its host ports), in the manner of CNI's host-local plugin.
 * Files are written to a temporary name and renamed, so a crash leaves either the old or the new
 * record; they are not fsync'd, since after a power loss no pod network survives anyway. Free
 * addresses are handed out round-robin so that a just-released address is not reused at once.
 */
final class HostLocalIpam {
    /** One sandbox's address and the host ports installed for it. */
    record Allocation(String sandboxId, int ip, List<HostPort> hostPorts) {
    }

    private static final String TEMP_PREFIX = ".tmp-";

    private final Path directory;
    private final Ipv4Cidr cidr;
    private final Map<String, Allocation> bySandbox = new HashMap<>();
    private final BitSet used = new BitSet();
    private int lastAllocated;

    HostLocalIpam(Path directory, Ipv4Cidr cidr) throws IOException {
        this.directory = directory;
        this.cidr = cidr;
        this.lastAllocated = cidr.gateway();
        Files.createDirectories(directory);
        load();
    }

    private void load() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file); // a write that a crash interrupted
                    continue;
                }
                int ip;
                try {
                    ip = Ipv4Cidr.parseAddress(name);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isBlank()) {
                    Files.deleteIfExists(file);
                    continue;
                }
                List<HostPort> hostPorts = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (!line.isBlank()) {
                        hostPorts.add(HostPort.parseLine(line));
                    }
                }
                Allocation allocation = new Allocation(lines.get(0).trim(), ip, List.copyOf(hostPorts));
                Allocation previous = bySandbox.put(allocation.sandboxId(), allocation);
                if (previous != null) { // should not happen; keep one, free the other
                    Files.deleteIfExists(directory.resolve(Ipv4Cidr.format(previous.ip())));
                }
                markUsed(ip, true);
                if (cidr.contains(ip) && Integer.compareUnsigned(ip, lastAllocated) > 0) {
                    lastAllocated = ip;
                }
            }
        }
    }

    synchronized Allocation get(String sandboxId) {
        return bySandbox.get(sandboxId);
    }

    synchronized List<Allocation> all() {
        return List.copyOf(bySandbox.values());
    }

    /** The sandbox's address: the one it already has, or a new one. */
    synchronized Allocation allocate(String sandboxId) throws IOException {
        Allocation existing = bySandbox.get(sandboxId);
        if (existing != null && cidr.contains(existing.ip())) {
            return existing;
        }
        if (existing != null) { // allocated from a CIDR the node no longer has
            release(sandboxId);
        }
        int first = cidr.firstPodAddress();
        int last = cidr.lastPodAddress();
        long size = (long) last - first + 1;
        for (long step = 1; step <= size; step++) {
            int candidate = (int) (first + Math.floorMod((long) lastAllocated - first + step, size));
            if (!isUsed(candidate)) {
                Allocation allocation = new Allocation(sandboxId, candidate, List.of());
                write(allocation);
                bySandbox.put(sandboxId, allocation);
                markUsed(candidate, true);
                lastAllocated = candidate;
                return allocation;
            }
        }
        throw new IOException("no free address left in pod CIDR " + cidr + " for sandbox " + sandboxId);
    }

    /** Records the host ports of an allocated sandbox, before they are installed, so that teardown finds them. */
    synchronized Allocation recordHostPorts(String sandboxId, List<HostPort> hostPorts) throws IOException {
        Allocation current = bySandbox.get(sandboxId);
        if (current == null) {
            throw new IllegalStateException("sandbox " + sandboxId + " has no address");
        }
        Allocation updated = new Allocation(sandboxId, current.ip(), List.copyOf(hostPorts));
        if (!updated.equals(current)) {
            write(updated);
            bySandbox.put(sandboxId, updated);
        }
        return updated;
    }

    /** Frees the sandbox's address; a no-op if it has none. */
    synchronized void release(String sandboxId) throws IOException {
        Allocation allocation = bySandbox.remove(sandboxId);
        if (allocation != null) {
            Files.deleteIfExists(directory.resolve(Ipv4Cidr.format(allocation.ip())));
            markUsed(allocation.ip(), false);
        }
    }

    private void write(Allocation allocation) throws IOException {
        StringBuilder content = new StringBuilder(allocation.sandboxId()).append('\n');
        for (HostPort hostPort : allocation.hostPorts()) {
            content.append(hostPort.toLine()).append('\n');
        }
        String name = Ipv4Cidr.format(allocation.ip());
        Path temp = directory.resolve(TEMP_PREFIX + name);
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | NoSuchFileException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private boolean isUsed(int ip) {
        return used.get(ip - cidr.network());
    }

    private void markUsed(int ip, boolean value) {
        if (cidr.contains(ip)) {
            used.set(ip - cidr.network(), value);
        }
    }
}
