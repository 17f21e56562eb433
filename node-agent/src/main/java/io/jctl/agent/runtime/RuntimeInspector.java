package io.jctl.agent.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ContainerStatusRequest;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads back from the runtime what runs for a pod, found by the pod's labels: the truth the
 * pod workers reconcile against (never a memory of what they started).
 */
public final class RuntimeInspector {
    private static final long DEADLINE_SECONDS = 30;

    private final RuntimeConnection runtime;

    public RuntimeInspector(RuntimeConnection runtime) {
        this.runtime = runtime;
    }

    /** state with the sandbox sandboxId added as the runtime reports it (one call, instead of relisting the pod). */
    public PodRuntimeState withSandbox(PodRuntimeState state, String sandboxId) {
        List<SandboxInfo> sandboxes = new ArrayList<>(state.sandboxes());
        for (PodSandbox s : runtime.runtime().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .listPodSandbox(ListPodSandboxRequest.newBuilder()
                        .setFilter(PodSandboxFilter.newBuilder().setId(sandboxId)).build())
                .getItemsList()) {
            if (s.getId().equals(sandboxId)) {
                sandboxes.add(SandboxInfo.of(s));
            }
        }
        return new PodRuntimeState(state.podUid(), List.copyOf(sandboxes), state.containers());
    }

    /** state with the containers containerIds of sandbox sandboxId added as the runtime reports them (one status call each). */
    public PodRuntimeState withContainers(PodRuntimeState state, String sandboxId, List<String> containerIds) {
        List<ContainerInfo> containers = new ArrayList<>(state.containers());
        for (String id : containerIds) {
            ContainerStatus status;
            try {
                status = runtime.runtime().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            containers.add(ContainerInfo.of(sandboxId, status));
        }
        return new PodRuntimeState(state.podUid(), state.sandboxes(), List.copyOf(containers));
    }

    /** Everything labelled with this pod's namespace and name, grouped by pod uid. */
    public Map<String, PodRuntimeState> byUid(String namespace, String name) {
        Map<String, String> selector = RuntimeLabels.podKey(namespace, name);
        List<PodSandbox> sandboxes = runtime.runtime().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .listPodSandbox(ListPodSandboxRequest.newBuilder()
                        .setFilter(PodSandboxFilter.newBuilder().putAllLabelSelector(selector)).build())
                .getItemsList();
        List<Container> containers = runtime.runtime().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .listContainers(ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().putAllLabelSelector(selector)).build())
                .getContainersList();
        Map<String, List<SandboxInfo>> sb = new LinkedHashMap<>();
        for (PodSandbox s : sandboxes) {
            SandboxInfo info = SandboxInfo.of(s);
            sb.computeIfAbsent(info.podUid(), k -> new ArrayList<>()).add(info);
        }
        Map<String, List<ContainerInfo>> cs = new LinkedHashMap<>();
        for (Container c : containers) {
            ContainerInfo info;
            try {
                info = ContainerInfo.of(c.getPodSandboxId(), runtime.runtime()
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .containerStatus(ContainerStatusRequest.newBuilder().setContainerId(c.getId()).build())
                        .getStatus());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    continue; // removed between list and status
                }
                throw e;
            }
            String uid = info.podUid().isEmpty() ? c.getLabelsOrDefault(RuntimeLabels.POD_UID, "") : info.podUid();
            cs.computeIfAbsent(uid, k -> new ArrayList<>()).add(info);
        }
        Map<String, PodRuntimeState> out = new LinkedHashMap<>();
        for (String uid : sb.keySet()) {
            out.put(uid, new PodRuntimeState(uid, List.copyOf(sb.get(uid)), List.copyOf(cs.getOrDefault(uid, List.of()))));
        }
        for (String uid : cs.keySet()) {
            out.computeIfAbsent(uid, u -> new PodRuntimeState(u, List.of(), List.copyOf(cs.get(u))));
        }
        return out;
    }
}
