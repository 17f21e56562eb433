package io.jctl.agent.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.agent.hollow.HollowRuntime;
import io.jctl.runtime.api.v1.ContainerStatusRequest;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;
import io.jctl.runtime.api.v1.VersionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectUnaryChannelTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final HollowRuntime runtime = new HollowRuntime("10.128.0.0/24", timers, Duration.ZERO, Duration.ofMillis(100));
    private final RuntimeConnection connection = RuntimeConnection.inProcess(runtime.runtimeService(), runtime.imageService());

    @AfterEach
    void close() {
        connection.close();
        timers.shutdownNow();
    }

    @Test
    void unaryCallsAnswerOnTheCallersThread() {
        assertThat(connection.runtime().withDeadlineAfter(5, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance())
                .getRuntimeName()).isEqualTo("jctl-hollow");
    }

    @Test
    void errorsKeepTheirStatusCode() {
        assertThatThrownBy(() -> connection.runtime().containerStatus(ContainerStatusRequest.newBuilder()
                .setContainerId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void streamingCallsGoThroughTheInProcessTransport() {
        List<PullImageProgress> progress = new ArrayList<>();
        connection.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("busybox")).build()).forEachRemaining(progress::add);
        assertThat(progress).isNotEmpty();
        assertThat(connection.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("busybox")).build()).getImage().getRepoTags(0))
                .isEqualTo("docker.io/library/busybox:latest");
    }
}
