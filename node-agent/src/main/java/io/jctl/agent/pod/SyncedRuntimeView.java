package io.jctl.agent.pod;

import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.SandboxInfo;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.PodSandboxState;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per pod key, the runtime objects and their states that the pod's last completed sync read back,
 * wrote the status from and had nothing left to do about. The relister asks it before it queues a pod for a change: a sandbox
 * or container that appeared, changed or went in exactly the way this sync already saw needs no
 * second sync (a new pod's sync starts its sandbox and container, and the next relist would
 * otherwise sync it again only to find nothing to do). Entries use the relister's names:
 * {@code s/<id>} and {@code c/<id>} with the CRI state enum's name.
 */
public final class SyncedRuntimeView {
    private final Map<String, Map<String, String>> byKey = new ConcurrentHashMap<>();

    /**
     * What the sync of podKey acted on: of what it read back last (and wrote the status from), each
     * object that is as it was when the sync made its decisions, or that the sync made and that is
     * as meant (a ready sandbox, a running container). Anything else — a container that exited right
     * after its start, one stuck in CREATED — is left out, so that the relister's sight of it queues
     * the sync that decides about it (a restart, a back-off).
     */
    void record(String podKey, PodRuntimeState decidedOn, PodRuntimeState readBack) {
        Map<String, String> before = entries(decidedOn);
        Map<String, String> acted = new HashMap<>();
        entries(readBack).forEach((entry, state) -> {
            String old = before.get(entry);
            boolean asMeant = state.equals(PodSandboxState.SANDBOX_READY.name()) || state.equals(ContainerState.CONTAINER_RUNNING.name());
            if (state.equals(old) || (old == null && asMeant)) {
                acted.put(entry, state);
            }
        });
        byKey.put(podKey, Map.copyOf(acted));
    }

    private static Map<String, String> entries(PodRuntimeState state) {
        Map<String, String> entries = new HashMap<>();
        for (SandboxInfo s : state.sandboxes()) {
            entries.put("s/" + s.id(), (s.ready() ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY).name());
        }
        for (ContainerInfo c : state.containers()) {
            entries.put("c/" + c.id(), c.state().name());
        }
        return entries;
    }

    /** The last sync of podKey did not end with a status written from the runtime's view (or the pod is gone). */
    void forget(String podKey) {
        byKey.remove(podKey);
    }

    /**
     * Whether the last sync of podKey saw entry in state ({@code null}: saw it absent). False when
     * that pod has no recorded sync, so that everything the relister finds then is synced.
     */
    public boolean saw(String podKey, String entry, String state) {
        Map<String, String> entries = byKey.get(podKey);
        if (entries == null) {
            return false;
        }
        return state == null ? !entries.containsKey(entry) : state.equals(entries.get(entry));
    }
}
