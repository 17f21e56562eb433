package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.jctl.apiserver.registry.kinds.KindTestSupport.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** kubectl's READY, STATUS and RESTARTS columns for pods in the states users meet. */
class PodTableTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final String ONE = "spec: {containers: [{name: app, image: a}]}\n";
    private static final String TWO_INITS = "spec: {initContainers: [{name: i1, image: a}, {name: i2, image: a}], containers: [{name: app, image: a}]}\n";

    private static String pod(String rest) {
        return "metadata: {name: web, namespace: default}\n" + rest;
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                arguments("pending, nothing reported", pod(ONE + "status: {phase: Pending}"), "0/1", "Pending", "0"),
                arguments("running and ready", pod(ONE + "status: {phase: Running, containerStatuses: [{name: app, ready: true, restartCount: 0, state: {running: {}}}]}"),
                        "1/1", "Running", "0"),
                arguments("creating", pod(ONE + "status: {phase: Pending, containerStatuses: [{name: app, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}]}"),
                        "0/1", "ContainerCreating", "0"),
                arguments("crash loop with last restart", pod(ONE + "status: {phase: Running, containerStatuses: [{name: app, ready: false, restartCount: 3, "
                        + "state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: '2024-05-01T11:58:00Z'}}}]}"),
                        "0/1", "CrashLoopBackOff", "3 (2m ago)"),
                arguments("completed", pod(ONE + "status: {phase: Succeeded, containerStatuses: [{name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}]}"),
                        "0/1", "Completed", "0"),
                arguments("error", pod(ONE + "status: {phase: Failed, containerStatuses: [{name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 2, reason: Error}}}]}"),
                        "0/1", "Error", "0"),
                arguments("exit code without reason", pod(ONE + "status: {phase: Failed, containerStatuses: [{name: app, restartCount: 0, state: {terminated: {exitCode: 137}}}]}"),
                        "0/1", "ExitCode:137", "0"),
                arguments("signal without reason", pod(ONE + "status: {phase: Failed, containerStatuses: [{name: app, restartCount: 0, state: {terminated: {exitCode: 0, signal: 9}}}]}"),
                        "0/1", "Signal:9", "0"),
                arguments("first init running", pod(TWO_INITS + "status: {phase: Pending, initContainerStatuses: [{name: i1, restartCount: 0, state: {running: {}}}, "
                        + "{name: i2, restartCount: 0, state: {waiting: {reason: PodInitializing}}}]}"), "0/1", "Init:0/2", "0"),
                arguments("second init running", pod(TWO_INITS + "status: {phase: Pending, initContainerStatuses: [{name: i1, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}, "
                        + "{name: i2, restartCount: 0, state: {running: {}}}]}"), "0/1", "Init:1/2", "0"),
                arguments("init crash loop", pod(TWO_INITS + "status: {phase: Pending, initContainerStatuses: [{name: i1, restartCount: 4, state: {waiting: {reason: CrashLoopBackOff}}, "
                        + "lastState: {terminated: {exitCode: 1, finishedAt: '2024-05-01T11:00:00Z'}}}]}"), "0/1", "Init:CrashLoopBackOff", "4 (60m ago)"),
                arguments("init failed", pod(TWO_INITS + "status: {phase: Failed, initContainerStatuses: [{name: i1, restartCount: 0, state: {terminated: {exitCode: 1, reason: Error}}}]}"),
                        "0/1", "Init:Error", "0"),
                arguments("init exit code", pod(TWO_INITS + "status: {phase: Failed, initContainerStatuses: [{name: i1, restartCount: 0, state: {terminated: {exitCode: 3}}}]}"),
                        "0/1", "Init:ExitCode:3", "0"),
                arguments("terminating", pod(ONE + "status: {phase: Running, containerStatuses: [{name: app, ready: true, restartCount: 0, state: {running: {}}}]}")
                        .replace("namespace: default}", "namespace: default, deletionTimestamp: '2024-05-01T11:59:00Z'}"), "1/1", "Terminating", "0"),
                arguments("deleted after success stays completed", pod(ONE + "status: {phase: Succeeded, containerStatuses: [{name: app, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}]}")
                        .replace("namespace: default}", "namespace: default, deletionTimestamp: '2024-05-01T11:59:00Z'}"), "0/1", "Completed", "0"),
                arguments("node lost", pod(ONE + "status: {phase: Running, reason: NodeLost}")
                        .replace("namespace: default}", "namespace: default, deletionTimestamp: '2024-05-01T11:59:00Z'}"), "0/1", "Unknown", "0"),
                arguments("evicted", pod(ONE + "status: {phase: Failed, reason: Evicted}"), "0/1", "Evicted", "0"),
                arguments("scheduling gated", pod(ONE + "status: {phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: SchedulingGated}]}"),
                        "0/1", "SchedulingGated", "0"),
                arguments("one done one running, ready", pod("spec: {containers: [{name: a, image: a}, {name: b, image: b}]}\n"
                        + "status: {phase: Running, conditions: [{type: Ready, status: 'True'}], containerStatuses: [{name: a, ready: true, restartCount: 0, state: {running: {}}}, "
                        + "{name: b, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}]}"), "1/2", "Running", "0"),
                arguments("one done one running, not ready", pod("spec: {containers: [{name: a, image: a}, {name: b, image: b}]}\n"
                        + "status: {phase: Running, containerStatuses: [{name: a, ready: true, restartCount: 0, state: {running: {}}}, "
                        + "{name: b, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}]}"), "1/2", "NotReady", "0"),
                arguments("sidecar counts as a container", pod("spec: {initContainers: [{name: proxy, image: p, restartPolicy: Always}], containers: [{name: app, image: a}]}\n"
                        + "status: {phase: Running, conditions: [{type: Initialized, status: 'True'}], initContainerStatuses: [{name: proxy, ready: true, started: true, restartCount: 1, state: {running: {}}}], "
                        + "containerStatuses: [{name: app, ready: true, restartCount: 2, state: {running: {}}}]}"), "2/2", "Running", "3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void readyStatusRestarts(String name, String yaml, String ready, String status, String restarts) {
        List<Object> cells = PodTable.cells(yaml(yaml, Pod.class), NOW);
        assertThat(cells.subList(0, 3)).containsExactly(ready, status, restarts);
    }

    @Test
    void wideCells() {
        Pod pod = yaml(pod("""
                spec: {nodeName: node-1, readinessGates: [{conditionType: example.com/lb}, {conditionType: example.com/dns}], containers: [{name: app, image: a}]}
                status:
                  phase: Running
                  podIPs: [{ip: 10.244.0.7}]
                  conditions: [{type: example.com/lb, status: 'True'}, {type: example.com/dns, status: 'False'}]
                """), Pod.class);
        assertThat(PodTable.cells(pod, NOW).subList(4, 8)).containsExactly("10.244.0.7", "node-1", "<none>", "1/2");
        Pod bare = yaml(pod(ONE), Pod.class);
        assertThat(PodTable.cells(bare, NOW).subList(4, 8)).containsExactly("<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void columnsAsKubectlPrintsThem() {
        assertThat(new PodType().columns()).extracting(c -> c.name() + ":" + c.priority()).containsExactly(
                "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1", "Readiness Gates:1");
    }
}
