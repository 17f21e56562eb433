package io.jctl.agent.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.agent.runtime.RuntimeInspector;
import io.jctl.api.errors.ApiException;

import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Locates containers from the agent's pod cache and the runtime's own list (never from the Pod
 * status, which may lag): the newest attempt is current, the one before it previous. Forwarded
 * ports go to the pod's IP, which the pod network routes from its node.
 */
public final class PodContainerLocator implements ContainerLocator, PodAddressResolver {
    private final BiFunction<String, String, Pod> pods;
    private final RuntimeInspector inspector;

    /** @param pods the pod bound to this node with that namespace and name, or null */
    public PodContainerLocator(BiFunction<String, String, Pod> pods, RuntimeConnection runtime) {
        this.pods = pods;
        this.inspector = new RuntimeInspector(runtime);
    }

    @Override
    public String containerId(String namespace, String name, String container, boolean previous) {
        Pod pod = pods.apply(namespace, name);
        if (pod == null) {
            throw new ApiException(404, "NotFound", "pod \"" + name + "\" in namespace \"" + namespace
                    + "\" is not running on this node");
        }
        boolean declared = Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers())
                .filter(l -> l != null).flatMap(List::stream).map(Container::getName).anyMatch(container::equals);
        if (!declared) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
        }
        PodRuntimeState state = inspector.byUid(namespace, name).get(pod.getMetadata().getUid());
        List<ContainerInfo> attempts = state == null ? List.of() : state.containers().stream()
                .filter(c -> container.equals(c.name()))
                .sorted(Comparator.comparingInt(ContainerInfo::attempt).thenComparingLong(ContainerInfo::createdAt)
                        .reversed())
                .toList();
        if (previous) {
            if (attempts.size() < 2) {
                throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + name
                        + "\" not found");
            }
            return attempts.get(1).id();
        }
        if (attempts.isEmpty()) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + name
                    + "\" is waiting to start: ContainerCreating");
        }
        return attempts.get(0).id();
    }

    @Override
    public Target resolve(String namespace, String name, int port) {
        Pod pod = pods.apply(namespace, name);
        if (pod == null) {
            throw new ApiException(404, "NotFound", "pod \"" + name + "\" in namespace \"" + namespace
                    + "\" is not running on this node");
        }
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " has no IP address yet");
        }
        return new Target(pod.getMetadata().getUid(), ip, port);
    }
}
