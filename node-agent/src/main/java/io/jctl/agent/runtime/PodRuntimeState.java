package io.jctl.agent.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What the runtime holds for one pod uid: its sandboxes and containers, every attempt. */
public record PodRuntimeState(String podUid, List<SandboxInfo> sandboxes, List<ContainerInfo> containers) {
    private static final Comparator<ContainerInfo> NEWEST_FIRST = Comparator
            .comparingInt(ContainerInfo::attempt).thenComparingLong(ContainerInfo::createdAt).reversed();

    public static PodRuntimeState empty(String podUid) {
        return new PodRuntimeState(podUid, List.of(), List.of());
    }

    /** The newest sandbox that is ready, if any. */
    public Optional<SandboxInfo> readySandbox() {
        return sandboxes.stream().filter(SandboxInfo::ready)
                .max(Comparator.comparingInt(SandboxInfo::attempt).thenComparingLong(SandboxInfo::createdAt));
    }

    public int maxSandboxAttempt() {
        return sandboxes.stream().mapToInt(SandboxInfo::attempt).max().orElse(-1);
    }

    /** The instances of one container, newest first. */
    public List<ContainerInfo> instances(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).sorted(NEWEST_FIRST).toList();
    }

    public Optional<ContainerInfo> latest(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).min(NEWEST_FIRST);
    }

    /** The instance before the latest: the source of lastState. */
    public Optional<ContainerInfo> previous(String name) {
        List<ContainerInfo> all = instances(name);
        return all.size() < 2 ? Optional.empty() : Optional.of(all.get(1));
    }

    public List<ContainerInfo> running() {
        return containers.stream().filter(ContainerInfo::running).toList();
    }

    public Set<String> containerNames() {
        Set<String> names = new TreeSet<>();
        containers.forEach(c -> names.add(c.name()));
        return names;
    }

    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }
}
