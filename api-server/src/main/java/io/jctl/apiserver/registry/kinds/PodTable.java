package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jctl.apiserver.registry.TableColumn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells kubectl prints for a pod ({@code printPod} in kubectl's printers): READY counts,
 * the computed STATUS (init progress, waiting and terminated reasons, Terminating), and RESTARTS
 * with the time since the last one.
 */
public final class PodTable {
    static final List<TableColumn> COLUMNS = List.of(
            TableColumn.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn.string("Status", "The aggregate status of the containers in this pod."),
            TableColumn.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.AGE,
            TableColumn.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            TableColumn.wide("Node", "NodeName indicates in which node this pod is scheduled."),
            TableColumn.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
            TableColumn.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\""));

    private PodTable() {
    }

    /** The cells after NAME, relative to {@code now}. */
    public static List<Object> cells(Pod pod, Instant now) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        Summary s = summarize(pod, spec, status);
        String restarts = String.valueOf(s.restarts);
        if (s.restarts != 0 && s.lastRestart != null) {
            restarts = s.restarts + " (" + TableColumn.humanDuration(Duration.between(s.lastRestart, now)) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(s.ready + "/" + s.total);
        cells.add(s.reason);
        cells.add(restarts);
        cells.add(TableColumn.age(pod));
        String ip = status.getPodIPs() != null && !status.getPodIPs().isEmpty() ? status.getPodIPs().get(0).getIp()
                : status.getPodIP();
        cells.add(orNone(ip));
        cells.add(orNone(spec.getNodeName()));
        cells.add(orNone(status.getNominatedNodeName()));
        cells.add(readinessGates(spec, status));
        return cells;
    }

    /** Just the STATUS column, e.g. {@code Running}, {@code Init:0/1}, {@code CrashLoopBackOff}. */
    public static String status(Pod pod) {
        return summarize(pod, pod.getSpec() == null ? new PodSpec() : pod.getSpec(),
                pod.getStatus() == null ? new PodStatus() : pod.getStatus()).reason;
    }

    private record Summary(int ready, int total, String reason, int restarts, Instant lastRestart) {
    }

    private static Summary summarize(Pod pod, PodSpec spec, PodStatus status) {
        int restarts = 0;
        int sidecarRestarts = 0;
        int total = list(spec.getContainers()).size();
        int ready = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        String phase = status.getPhase() == null ? "" : status.getPhase();
        String reason = status.getReason() != null && !status.getReason().isEmpty() ? status.getReason() : phase;
        for (PodCondition c : list(status.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }
        Map<String, Container> inits = new HashMap<>();
        for (Container c : list(spec.getInitContainers())) {
            inits.put(c.getName(), c);
            if (isSidecar(c)) {
                total++;
            }
        }
        boolean initializing = false;
        List<ContainerStatus> initStatuses = list(status.getInitContainerStatuses());
        for (int i = 0; i < initStatuses.size(); i++) {
            ContainerStatus cs = initStatuses.get(i);
            int count = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
            restarts += count;
            Instant finished = lastFinished(cs);
            lastRestart = later(lastRestart, finished);
            boolean sidecar = isSidecar(inits.get(cs.getName()));
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
            ContainerStateTerminated term = state.getTerminated();
            if (term != null && exitCode(term) == 0) {
                continue;
            }
            if (sidecar && Boolean.TRUE.equals(cs.getStarted())) {
                if (Boolean.TRUE.equals(cs.getReady())) {
                    ready++;
                }
                continue;
            }
            if (term != null) {
                reason = empty(term.getReason()) ? signalOrExit("Init:", term) : "Init:" + term.getReason();
            } else if (state.getWaiting() != null && !empty(state.getWaiting().getReason())
                    && !"PodInitializing".equals(state.getWaiting().getReason())) {
                reason = "Init:" + state.getWaiting().getReason();
            } else {
                reason = "Init:" + i + "/" + list(spec.getInitContainers()).size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<ContainerStatus> statuses = list(status.getContainerStatuses());
            for (int i = statuses.size() - 1; i >= 0; i--) {
                ContainerStatus cs = statuses.get(i);
                restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                lastRestart = later(lastRestart, lastFinished(cs));
                ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
                if (state.getWaiting() != null && !empty(state.getWaiting().getReason())) {
                    reason = state.getWaiting().getReason();
                } else if (state.getTerminated() != null && !empty(state.getTerminated().getReason())) {
                    reason = state.getTerminated().getReason();
                } else if (state.getTerminated() != null) {
                    reason = signalOrExit("", state.getTerminated());
                } else if (Boolean.TRUE.equals(cs.getReady()) && state.getRunning() != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }
        boolean deleting = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
        if (deleting && "NodeLost".equals(status.getReason())) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }
        return new Summary(ready, total, reason, restarts, lastRestart);
    }

    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = list(spec.getReadinessGates());
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueCount = 0;
        for (PodReadinessGate g : gates) {
            for (PodCondition c : list(status.getConditions())) {
                if (c.getType() != null && c.getType().equals(g.getConditionType())) {
                    if ("True".equals(c.getStatus())) {
                        trueCount++;
                    }
                    break;
                }
            }
        }
        return trueCount + "/" + gates.size();
    }

    private static boolean isSidecar(Container c) {
        return c != null && "Always".equals(c.getRestartPolicy());
    }

    private static String signalOrExit(String prefix, ContainerStateTerminated t) {
        if (t.getSignal() != null && t.getSignal() != 0) {
            return prefix + "Signal:" + t.getSignal();
        }
        return prefix + "ExitCode:" + exitCode(t);
    }

    private static int exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? 0 : t.getExitCode();
    }

    private static Instant lastFinished(ContainerStatus cs) {
        if (cs.getLastState() == null || cs.getLastState().getTerminated() == null) {
            return null;
        }
        String at = cs.getLastState().getTerminated().getFinishedAt();
        try {
            return at == null || at.isEmpty() ? null : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
    }

    private static boolean conditionTrue(PodStatus status, String type) {
        for (PodCondition c : list(status.getConditions())) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static boolean hasCondition(PodStatus status, String type) {
        for (PodCondition c : list(status.getConditions())) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
