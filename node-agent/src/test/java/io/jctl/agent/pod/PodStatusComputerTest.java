package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.RuntimeLabels;
import io.jctl.agent.runtime.SandboxInfo;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ContainerState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PodStatusComputerTest {
    static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    static final long T = NOW.getEpochSecond() * 1_000_000_000L;
    static final SandboxInfo SANDBOX = new SandboxInfo("sb", "uid", 0, true, "10.88.0.5", T);

    static Pod pod(String policy, String... initAndApp) throws Exception {
        StringBuilder y = new StringBuilder("""
                metadata: {name: web, namespace: default, uid: uid}
                spec:
                  restartPolicy: %s
                """.formatted(policy));
        List<String> inits = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        for (String s : initAndApp) {
            (s.startsWith("init:") ? inits : apps).add(s.replace("init:", ""));
        }
        if (!inits.isEmpty()) {
            y.append("  initContainers:\n");
            inits.forEach(n -> y.append("  - {name: ").append(n).append(", image: busybox}\n"));
        }
        y.append("  containers:\n");
        apps.forEach(n -> y.append("  - {name: ").append(n).append(", image: busybox}\n"));
        return Json.yaml().readValue(y.toString(), Pod.class);
    }

    static ContainerInfo c(String name, int attempt, ContainerState state, int exit) {
        return new ContainerInfo(name + "-" + attempt, "sb", name, "uid", attempt, state, T + attempt, T + attempt + 1,
                state == ContainerState.CONTAINER_EXITED ? T + attempt + 2 : 0, exit, "", "", "busybox", "sha256:img",
                Map.of(RuntimeLabels.CONTAINER_NAME, name), Map.of());
    }

    static PodStatus compute(Pod pod, Map<String, Waiting> waiting, Set<String> unready, ContainerInfo... cs) {
        return PodStatusComputer.compute(new PodStatusComputer.Input(pod, null,
                new PodRuntimeState("uid", List.of(SANDBOX), List.of(cs)), waiting, id -> !unready.contains(id),
                id -> true, "10.0.0.1", NOW));
    }

    static String cond(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus)
                .findFirst().orElse(null);
    }

    @Test
    void runningAndReady() throws Exception {
        PodStatus s = compute(pod("Always", "web"), Map.of(), Set.of(), c("web", 0, ContainerState.CONTAINER_RUNNING, 0));
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(cond(s, "Ready")).isEqualTo("True");
        assertThat(cond(s, "Initialized")).isEqualTo("True");
        assertThat(cond(s, "PodScheduled")).isEqualTo("True");
        assertThat(s.getPodIP()).isEqualTo("10.88.0.5");
        assertThat(s.getHostIP()).isEqualTo("10.0.0.1");
        assertThat(s.getStartTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
        ContainerStatus cs = s.getContainerStatuses().get(0);
        assertThat(cs.getContainerID()).isEqualTo("jctl://web-0");
        assertThat(cs.getImageID()).isEqualTo("sha256:img");
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void unreadyContainerMakesThePodUnready() throws Exception {
        PodStatus s = compute(pod("Always", "web", "side"), Map.of(), Set.of("side-0"),
                c("web", 0, ContainerState.CONTAINER_RUNNING, 0), c("side", 0, ContainerState.CONTAINER_RUNNING, 0));
        assertThat(cond(s, "Ready")).isEqualTo("False");
        assertThat(s.getConditions()).filteredOn(c -> c.getType().equals("ContainersReady")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("ContainersNotReady");
                    assertThat(c.getMessage()).isEqualTo("containers with unready status: [side]");
                });
    }

    @Test
    void crashLoopIsWaitingWithLastStateAndCountsAsRunningPhase() throws Exception {
        PodStatus s = compute(pod("Always", "web"),
                Map.of("web", new Waiting("CrashLoopBackOff", "back-off 10s restarting failed container=web pod=web_default(uid)")),
                Set.of(), c("web", 0, ContainerState.CONTAINER_EXITED, 1), c("web", 1, ContainerState.CONTAINER_EXITED, 2));
        assertThat(s.getPhase()).isEqualTo("Running");
        ContainerStatus cs = s.getContainerStatuses().get(0);
        assertThat(cs.getRestartCount()).isEqualTo(1);
        assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(cs.getReady()).isFalse();
    }

    @Test
    void terminalPhasesByRestartPolicy() throws Exception {
        assertThat(compute(pod("Never", "a", "b"), Map.of(), Set.of(), c("a", 0, ContainerState.CONTAINER_EXITED, 0),
                c("b", 0, ContainerState.CONTAINER_EXITED, 0)).getPhase()).isEqualTo("Succeeded");
        assertThat(compute(pod("Never", "a", "b"), Map.of(), Set.of(), c("a", 0, ContainerState.CONTAINER_EXITED, 0),
                c("b", 0, ContainerState.CONTAINER_EXITED, 1)).getPhase()).isEqualTo("Failed");
        assertThat(compute(pod("OnFailure", "a"), Map.of(), Set.of(), c("a", 0, ContainerState.CONTAINER_EXITED, 0))
                .getPhase()).isEqualTo("Succeeded");
        assertThat(compute(pod("Never", "a", "b"), Map.of(), Set.of(), c("a", 0, ContainerState.CONTAINER_EXITED, 1),
                c("b", 0, ContainerState.CONTAINER_RUNNING, 0)).getPhase()).isEqualTo("Running");
    }

    @Test
    void initContainersGateThePod() throws Exception {
        Pod p = pod("Always", "init:setup", "init:migrate", "web");
        PodStatus pending = compute(p, Map.of(), Set.of(), c("setup", 0, ContainerState.CONTAINER_EXITED, 0),
                c("migrate", 0, ContainerState.CONTAINER_RUNNING, 0));
        assertThat(pending.getPhase()).isEqualTo("Pending");
        assertThat(pending.getConditions()).filteredOn(c -> c.getType().equals("Initialized")).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).isEqualTo("containers with incomplete status: [migrate]"));
        assertThat(pending.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(pending.getInitContainerStatuses()).hasSize(2);

        PodStatus failed = compute(pod("Never", "init:setup", "web"), Map.of(), Set.of(),
                c("setup", 0, ContainerState.CONTAINER_EXITED, 1));
        assertThat(failed.getPhase()).isEqualTo("Failed");
    }

    @Test
    void keepsTransitionTimesOfUnchangedConditions() throws Exception {
        Pod p = pod("Always", "web");
        PodStatus first = compute(p, Map.of(), Set.of(), c("web", 0, ContainerState.CONTAINER_RUNNING, 0));
        first.getConditions().forEach(c -> c.setLastTransitionTime("2024-12-31T00:00:00Z"));
        p.setStatus(first);
        PodStatus again = PodStatusComputer.compute(new PodStatusComputer.Input(p, null,
                new PodRuntimeState("uid", List.of(SANDBOX), List.of(c("web", 0, ContainerState.CONTAINER_RUNNING, 0))),
                Map.of(), id -> false, id -> true, "10.0.0.1", NOW.plusSeconds(30)));
        assertThat(again.getConditions()).filteredOn(c -> c.getType().equals("PodScheduled")).singleElement()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2024-12-31T00:00:00Z"));
        assertThat(again.getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:30Z"));
    }

    @Test
    void nothingStartedYetIsPendingAndContainerCreating() throws Exception {
        PodStatus s = PodStatusComputer.compute(new PodStatusComputer.Input(pod("Always", "web"), null,
                PodRuntimeState.empty("uid"), Map.of(), id -> true, id -> true, "10.0.0.1", NOW));
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(s.getPodIP()).isNull();
    }
}
