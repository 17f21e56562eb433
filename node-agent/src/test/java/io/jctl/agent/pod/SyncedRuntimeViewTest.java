package io.jctl.agent.pod;

import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.jctl.agent.runtime.SandboxInfo;
import io.jctl.runtime.api.v1.ContainerState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SyncedRuntimeViewTest {
    final SyncedRuntimeView view = new SyncedRuntimeView();

    static ContainerInfo container(String id, ContainerState state) {
        return new ContainerInfo(id, "s1", "main", "uid", 0, state, 1, 2, 0, 0, "", "", "busybox", "sha256:x", Map.of(), Map.of());
    }

    @Test
    void whatTheLastSyncSawNeedsNoSecondSync() {
        view.record("ns/p", PodRuntimeState.empty("uid"), new PodRuntimeState("uid",
                List.of(new SandboxInfo("s1", "uid", 0, true, "10.0.0.2", 1)), List.of(container("c1", ContainerState.CONTAINER_RUNNING))));

        assertThat(view.saw("ns/p", "s/s1", "SANDBOX_READY")).isTrue();
        assertThat(view.saw("ns/p", "c/c1", "CONTAINER_RUNNING")).isTrue();
        assertThat(view.saw("ns/p", "c/old", null)).as("gone, and not in the sync's view either").isTrue();
    }

    @Test
    void aChangeTheSyncDidNotSeeOrAPodWithoutARecordedSyncIsSynced() {
        view.record("ns/p", PodRuntimeState.empty("uid"), new PodRuntimeState("uid",
                List.of(new SandboxInfo("s1", "uid", 0, true, "10.0.0.2", 1)), List.of(container("c1", ContainerState.CONTAINER_RUNNING))));

        assertThat(view.saw("ns/p", "c/c1", "CONTAINER_EXITED")).isFalse();
        assertThat(view.saw("ns/p", "s/s1", "SANDBOX_NOTREADY")).isFalse();
        assertThat(view.saw("ns/p", "c/c2", "CONTAINER_RUNNING")).isFalse();
        assertThat(view.saw("ns/p", "c/c1", null)).as("removed after the sync saw it").isFalse();
        assertThat(view.saw("ns/other", "c/c9", null)).isFalse();

        view.forget("ns/p");
        assertThat(view.saw("ns/p", "c/c1", "CONTAINER_RUNNING")).isFalse();
    }

    @Test
    void aContainerThatExitedOrDidNotStartAfterTheDecisionsIsLeftForTheNextSync() {
        PodRuntimeState decided = new PodRuntimeState("uid", List.of(new SandboxInfo("s1", "uid", 0, true, "10.0.0.2", 1)),
                List.of(container("old", ContainerState.CONTAINER_EXITED)));
        view.record("ns/p", decided, new PodRuntimeState("uid", decided.sandboxes(), List.of(
                container("old", ContainerState.CONTAINER_EXITED), container("crashed", ContainerState.CONTAINER_EXITED),
                container("stuck", ContainerState.CONTAINER_CREATED))));

        assertThat(view.saw("ns/p", "s/s1", "SANDBOX_READY")).isTrue();
        assertThat(view.saw("ns/p", "c/old", "CONTAINER_EXITED")).as("decided on as exited").isTrue();
        assertThat(view.saw("ns/p", "c/crashed", "CONTAINER_EXITED")).isFalse();
        assertThat(view.saw("ns/p", "c/stuck", "CONTAINER_CREATED")).isFalse();
    }
}
