package io.jctl.runtime.container;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jctl.runtime.api.v1.*;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC mapping, end to end over an in-process channel, with real containers; needs root. */
class RuntimeServiceIT {
    private TestRuntime rt;
    private Server server;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub blocking;

    @BeforeEach
    void setUp() throws Exception {
        TestRuntime.assumeRootAndBusybox();
        rt = new TestRuntime();
        String name = "rt-" + System.nanoTime();
        server = InProcessServerBuilder.forName(name).addService(new RuntimeServiceImpl(rt.sandboxes, rt.containers)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        blocking = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (rt != null) {
            rt.close();
        }
    }

    private String runningContainer(String pod, String... cmd) {
        String sandbox = blocking.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(pod).setNamespace("default"))).build()).getPodSandboxId();
        String id = blocking.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandbox)
                .setConfig(TestRuntime.container("c", cmd)).build()).getContainerId();
        blocking.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    @Test
    void versionSandboxesContainersAndErrors() {
        assertThat(blocking.version(VersionRequest.getDefaultInstance()).getCgroupVersion()).isIn("v1", "v2");
        String id = runningContainer("grpc", "sh", "-c", "echo hello; exec sleep 1000");
        ContainerStatus status = blocking.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
        assertThat(status.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(status.getPid()).isPositive();
        assertThat(blocking.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList())
                .extracting(s -> s.getMetadata().getName()).containsExactly("grpc");
        assertThat(blocking.listContainers(ListContainersRequest.newBuilder().setFilter(ContainerFilter.newBuilder()
                .setState(ContainerState.CONTAINER_RUNNING)).build()).getContainersList()).hasSize(1);
        ExecSyncResponse exec = blocking.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addCmd("hostname").setTimeout(10).build());
        assertThat(exec.getStdout().toStringUtf8()).isEqualTo("grpc\n");
        ContainerStats stats = blocking.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build()).getStats();
        assertThat(stats.getMemoryUsageBytes()).isPositive();
        assertThat(stats.getPidsCurrent()).isEqualTo(1);
        Iterator<LogChunk> logs = blocking.containerLogs(ContainerLogsRequest.newBuilder().setContainerId(id).build());
        assertThat(logs.next().getLine().toStringUtf8()).isEqualTo("hello");

        assertThatThrownBy(() -> blocking.containerStatus(ContainerStatusRequest.newBuilder().setContainerId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("container nope not found");
                });
        assertThatThrownBy(() -> blocking.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

        String sandbox = rt.containers.find(id).orElseThrow().sandboxId;
        blocking.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
        assertThat(blocking.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus().getState())
                .isEqualTo(ContainerState.CONTAINER_EXITED);
        blocking.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
        assertThat(blocking.listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()).isEmpty();
        assertThat(blocking.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()).isEmpty();
    }

    /** Collects an Exec stream's stdout and exit code. */
    private static final class Collector implements StreamObserver<ExecOutput> {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        @Override
        public synchronized void onNext(ExecOutput o) {
            if (o.hasExitCode()) {
                exit.complete(o.getExitCode());
            } else {
                stdout.writeBytes(o.getStdout().toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            exit.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            exit.complete(-1);
        }
    }

    @Test
    void streamingExecFeedsStdinAndReturnsTheExitCode() throws Exception {
        String id = runningContainer("stream", "sleep", "1000");
        Collector out = new Collector();
        StreamObserver<ExecInput> in = RuntimeServiceGrpc.newStub(channel).exec(out);
        in.onNext(ExecInput.newBuilder().setStart(ExecStart.newBuilder().setContainerId(id).setStdin(true)
                .addCmd("sh").addCmd("-c").addCmd("read line; echo got:$line; exit 7")).build());
        in.onNext(ExecInput.newBuilder().setStdin(ByteString.copyFromUtf8("hello\n")).build());
        in.onNext(ExecInput.newBuilder().setStdinClosed(true).build());
        assertThat(out.exit.get(20, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(out.stdout.toString()).isEqualTo("got:hello\n");
        in.onCompleted();
    }

    @Test
    void execWithATtyRunsOnATerminal() throws Exception {
        String id = runningContainer("tty", "sleep", "1000");
        Collector out = new Collector();
        StreamObserver<ExecInput> in = RuntimeServiceGrpc.newStub(channel).exec(out);
        in.onNext(ExecInput.newBuilder().setStart(ExecStart.newBuilder().setContainerId(id).setTty(true)
                .addCmd("tty")).build());
        assertThat(out.exit.get(20, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(out.stdout.toString()).startsWith("/dev/pts/");
        in.onCompleted();
    }

    @Test
    void logsRotateAtTheSizeLimit() throws Exception {
        rt.close();
        rt = new TestRuntime();
        // a fresh runtime with a 4 KiB limit: a chatty container cannot fill the disk
        rt.containers.close();
        rt.sandboxes = new SandboxManager(rt.config.withLogLimits(4096, 1), rt.cgroups, new LoopbackOnlyNetwork());
        rt.containers = new ContainerManager(rt.config.withLogLimits(4096, 1), rt.sandboxes, rt.images);
        String pod = rt.sandbox("rotate");
        String id = rt.containers.create(pod, TestRuntime.container("chatty", "sh", "-c",
                "i=0; while [ $i -lt 500 ]; do echo line-$i; i=$((i+1)); done").build());
        rt.containers.start(id);
        rt.containers.waitForExit(id, java.time.Duration.ofSeconds(30));
        java.nio.file.Path log = rt.containers.logPath(id);
        assertThat(java.nio.file.Files.size(log)).isLessThanOrEqualTo(4096);
        assertThat(log.resolveSibling(log.getFileName() + ".1")).exists();
        assertThat(log.resolveSibling(log.getFileName() + ".2")).doesNotExist();
        List<LogChunk> lines = new ArrayList<>();
        rt.containers.logs(id, 0, 0, false, lines::add, () -> false);
        assertThat(lines.get(lines.size() - 1).getLine().toStringUtf8()).isEqualTo("line-499");
    }

    @Test
    void linesOver16KiBAreWrittenAsPartialLines() throws Exception {
        String pod = rt.sandbox("long-lines");
        String big = rt.containers.create(pod, TestRuntime.container("big", "sh", "-c",
                "head -c 40000 /dev/zero | tr '\\0' x; echo").build());
        rt.containers.start(big);
        rt.containers.waitForExit(big, java.time.Duration.ofSeconds(30));
        List<LogChunk> parts = new ArrayList<>();
        rt.containers.logs(big, 0, 0, false, parts::add, () -> false);
        assertThat(parts).extracting(LogChunk::getPartial).containsExactly(true, true, false);
        assertThat(parts.stream().mapToInt(p -> p.getLine().size()).sum()).isEqualTo(40000);
    }
}
