package io.jctl.agent.pod;

import io.jctl.api.resources.QosClass;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.SandboxInfo;
import io.jctl.agent.runtime.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A Pod's status from what the runtime reports, as the kubelet computes it
 * ({@code generateAPIPodStatus}, {@code getPhase}, the condition generators). Pure: the same
 * input always gives the same status, so identical results can be skipped by the writer.
 */
public final class PodStatusComputer {
    public static final String CONTAINER_ID_PREFIX = "jctl://";

    private PodStatusComputer() {
    }

    /**
     * @param waiting  per container name, why it waits (decided by the worker); may be empty
     * @param ready    whether a running container (by id) passes its readiness probe
     * @param started  whether a running container (by id) passed its startup probe
     * @param previous the status last written, which the cache may not show yet; null: the pod's
     */
    public record Input(Pod pod, PodStatus previous, PodRuntimeState runtime, Map<String, Waiting> waiting,
                        Predicate<String> ready, Predicate<String> started, String hostIP, Instant now) {
    }

    public static PodStatus compute(Input in) {
        Pod pod = in.pod();
        PodStatus old = in.previous() != null ? in.previous() : pod.getStatus() != null ? pod.getStatus() : new PodStatus();
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        List<Container> inits = list(pod.getSpec().getInitContainers());
        List<Container> apps = list(pod.getSpec().getContainers());
        boolean appsStarted = apps.stream().anyMatch(c -> in.runtime().latest(c.getName()).isPresent());

        List<ContainerStatus> initStatuses = new ArrayList<>();
        List<String> incompleteInits = new ArrayList<>();
        boolean initFailed = false;
        for (Container c : inits) {
            ContainerStatus cs = containerStatus(c, in, "PodInitializing", true);
            initStatuses.add(cs);
            Optional<ContainerInfo> latest = in.runtime().latest(c.getName());
            boolean done = latest.map(l -> l.exited() && l.exitCode() == 0).orElse(false);
            if (!done && !appsStarted) {
                incompleteInits.add(c.getName());
            }
            if (latest.isPresent() && latest.get().exited() && latest.get().exitCode() != 0 && "Never".equals(policy)) {
                initFailed = true;
            }
        }
        boolean initialized = incompleteInits.isEmpty();

        List<ContainerStatus> statuses = new ArrayList<>();
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        List<String> unready = new ArrayList<>();
        for (Container c : apps) {
            ContainerStatus cs = containerStatus(c, in, initialized ? "ContainerCreating" : "PodInitializing", false);
            statuses.add(cs);
            ContainerState st = cs.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
            if (!Boolean.TRUE.equals(cs.getReady())) {
                unready.add(c.getName());
            }
        }

        String phase;
        if (initFailed) {
            phase = "Failed";
        } else if (!initialized) {
            phase = "Pending";
        } else if (waiting > 0) {
            phase = "Pending";
        } else if (running > 0) {
            phase = "Running";
        } else if (stopped > 0) {
            if ("Always".equals(policy)) {
                phase = "Running";
            } else if (stopped == succeeded) {
                phase = "Succeeded";
            } else if ("Never".equals(policy)) {
                phase = "Failed";
            } else {
                phase = "Running";
            }
        } else {
            phase = "Pending";
        }

        PodStatus s = new PodStatus();
        s.setPhase(phase);
        Optional<SandboxInfo> sandbox = in.runtime().readySandbox();
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "PodReadyToStartContainers", sandbox.isPresent(), null, null, in.now()));
        conditions.add(condition(old, "Initialized", initialized,
                initialized ? null : "ContainersNotInitialized",
                initialized ? null : "containers with incomplete status: " + brackets(incompleteInits), in.now()));
        boolean completed = phase.equals("Succeeded");
        boolean containersReady = unready.isEmpty() && !completed && !apps.isEmpty();
        String notReadyReason = completed ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = completed ? null : "containers with unready status: " + brackets(unready);
        conditions.add(condition(old, "Ready", containersReady, containersReady ? null : notReadyReason,
                containersReady ? null : notReadyMessage, in.now()));
        conditions.add(condition(old, "ContainersReady", containersReady, containersReady ? null : notReadyReason,
                containersReady ? null : notReadyMessage, in.now()));
        conditions.add(condition(old, "PodScheduled", true, null, null, in.now()));
        s.setConditions(conditions);

        s.setHostIP(in.hostIP());
        s.setHostIPs(in.hostIP() == null ? null : List.of(new HostIP(in.hostIP())));
        String podIP = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? in.hostIP()
                : sandbox.map(SandboxInfo::ip).filter(ip -> !ip.isEmpty()).orElse(old.getPodIP());
        if (podIP != null && !podIP.isEmpty()) {
            s.setPodIP(podIP);
            s.setPodIPs(List.of(new PodIP(podIP)));
        }
        s.setStartTime(old.getStartTime() != null ? old.getStartTime() : Times.rfc3339(in.now()));
        s.setInitContainerStatuses(initStatuses.isEmpty() ? null : initStatuses);
        s.setContainerStatuses(statuses);
        s.setQosClass(old.getQosClass() != null ? old.getQosClass() : QosClass.of(pod.getSpec()));
        s.setNominatedNodeName(old.getNominatedNodeName());
        return s;
    }

    private static ContainerStatus containerStatus(Container c, Input in, String defaultWaiting, boolean init) {
        ContainerStatus cs = new ContainerStatus();
        cs.setName(c.getName());
        cs.setImage(c.getImage());
        Optional<ContainerInfo> latest = in.runtime().latest(c.getName());
        Optional<ContainerInfo> previous = in.runtime().previous(c.getName());
        Waiting w = in.waiting().get(c.getName());
        cs.setRestartCount(latest.map(ContainerInfo::attempt).orElse(0));
        cs.setReady(false);
        cs.setStarted(false);
        cs.setImageID("");
        if (latest.isEmpty()) {
            cs.setState(waitingState(w != null ? w : new Waiting(defaultWaiting, null)));
            return cs;
        }
        ContainerInfo l = latest.get();
        cs.setContainerID(CONTAINER_ID_PREFIX + l.id());
        cs.setImageID(l.imageRef() == null ? "" : l.imageRef());
        if (l.running()) {
            ContainerState st = new ContainerState();
            st.setRunning(new ContainerStateRunning(Times.rfc3339(l.startedAt())));
            cs.setState(st);
            boolean started = in.started().test(l.id());
            cs.setStarted(started);
            cs.setReady(started && (init ? false : in.ready().test(l.id())));
            previous.ifPresent(p -> cs.setLastState(terminatedState(p)));
        } else if (l.exited()) {
            if (w != null) {
                cs.setState(waitingState(w));
                cs.setLastState(terminatedState(l));
            } else {
                cs.setState(terminatedState(l));
                previous.ifPresent(p -> cs.setLastState(terminatedState(p)));
            }
        } else {
            cs.setState(waitingState(w != null ? w : new Waiting("ContainerCreating", null)));
            previous.ifPresent(p -> cs.setLastState(terminatedState(p)));
        }
        if (cs.getLastState() == null) {
            cs.setLastState(new ContainerState());
        }
        return cs;
    }

    private static ContainerState waitingState(Waiting w) {
        ContainerState st = new ContainerState();
        st.setWaiting(new ContainerStateWaiting(w.message(), w.reason()));
        return st;
    }

    private static ContainerState terminatedState(ContainerInfo c) {
        ContainerStateTerminated t = new ContainerStateTerminated();
        t.setContainerID(CONTAINER_ID_PREFIX + c.id());
        t.setExitCode(c.exitCode());
        t.setReason(c.terminatedReason());
        if (c.message() != null && !c.message().isEmpty()) {
            t.setMessage(c.message());
        }
        t.setStartedAt(Times.rfc3339(c.startedAt()));
        t.setFinishedAt(Times.rfc3339(c.finishedAt()));
        ContainerState st = new ContainerState();
        st.setTerminated(t);
        return st;
    }

    private static PodCondition condition(PodStatus old, String type, boolean ok, String reason, String message,
                                          Instant now) {
        String status = ok ? "True" : "False";
        String since = Times.rfc3339(now);
        for (PodCondition c : list(old.getConditions())) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime();
            }
        }
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(status);
        c.setLastTransitionTime(since);
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    private static String brackets(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
