package io.jctl.runtime.container;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jctl.runtime.api.v1.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The CRI-shaped RuntimeService over {@link SandboxManager} and {@link ContainerManager}. Failures
 * become gRPC statuses (NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION, …) whose description
 * names the object and the fix. Stopping or removing a sandbox first stops or removes its containers.
 */
public final class RuntimeServiceImpl extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    public static final String RUNTIME_NAME = "jctl";
    public static final String RUNTIME_VERSION = "0.1.0";

    private final SandboxManager sandboxes;
    private final ContainerManager containers;

    public RuntimeServiceImpl(SandboxManager sandboxes, ContainerManager containers) {
        this.sandboxes = sandboxes;
        this.containers = containers;
    }

    private static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            observer.onError(toStatus(e).asRuntimeException());
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }

    static Status toStatus(Throwable e) {
        if (e instanceof RuntimeFailure f) {
            Status s = switch (f.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
                case INTERNAL -> Status.INTERNAL;
            };
            return s.withDescription(f.getMessage()).withCause(f);
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).withCause(e);
        }
        return Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e);
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        unary(observer, () -> VersionResponse.newBuilder().setRuntimeName(RUNTIME_NAME).setRuntimeVersion(RUNTIME_VERSION)
                .setApiVersion("v1").setCgroupVersion(sandboxes.cgroups().version()).build());
    }

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> observer) {
        unary(observer, () -> RunPodSandboxResponse.newBuilder().setPodSandboxId(sandboxes.run(request.getConfig())).build());
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> observer) {
        unary(observer, () -> {
            containers.stopAll(request.getPodSandboxId(), 0);
            sandboxes.stop(request.getPodSandboxId());
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> observer) {
        unary(observer, () -> {
            containers.removeAll(request.getPodSandboxId());
            sandboxes.remove(request.getPodSandboxId());
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
        unary(observer, () -> PodSandboxStatusResponse.newBuilder().setStatus(sandboxes.status(request.getPodSandboxId())).build());
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
        unary(observer, () -> ListPodSandboxResponse.newBuilder().addAllItems(sandboxes.list(request.getFilter())).build());
    }

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        unary(observer, () -> CreateContainerResponse.newBuilder()
                .setContainerId(containers.create(request.getPodSandboxId(), request.getConfig())).build());
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        unary(observer, () -> {
            containers.start(request.getContainerId());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        unary(observer, () -> {
            containers.stop(request.getContainerId(), request.getTimeout());
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        unary(observer, () -> {
            containers.remove(request.getContainerId());
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        unary(observer, () -> ListContainersResponse.newBuilder().addAllContainers(containers.list(request.getFilter())).build());
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        unary(observer, () -> ContainerStatusResponse.newBuilder().setStatus(containers.status(request.getContainerId())).build());
    }

    @Override
    public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        unary(observer, () -> ContainerStatsResponse.newBuilder().setStats(containers.stats(request.getContainerId())).build());
    }

    @Override
    public void listContainerStats(ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> observer) {
        unary(observer, () -> ListContainerStatsResponse.newBuilder().addAllStats(containers.listStats(request.getPodSandboxId())).build());
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        unary(observer, () -> containers.execSync(request.getContainerId(), request.getCmdList(), Duration.ofSeconds(request.getTimeout())));
    }

    @Override
    public void containerLogs(ContainerLogsRequest request, StreamObserver<LogChunk> observer) {
        ServerCallStreamObserver<LogChunk> call = (ServerCallStreamObserver<LogChunk>) observer;
        try {
            containers.logs(request.getContainerId(), request.getTailLines(), request.getSinceUnixNanos(), request.getFollow(),
                    observer::onNext, call::isCancelled);
        } catch (RuntimeException e) {
            if (!call.isCancelled()) {
                observer.onError(toStatus(e).asRuntimeException());
            }
            return;
        }
        if (!call.isCancelled()) {
            observer.onCompleted();
        }
    }

    /** Interactive exec: the first message starts the command, later ones feed stdin; output and then the exit code stream back. */
    @Override
    public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> observer) {
        return new StreamObserver<>() {
            private ExecProcess process;

            @Override
            public synchronized void onNext(ExecInput input) {
                try {
                    if (process == null) {
                        if (!input.hasStart()) {
                            throw RuntimeFailure.invalid("Exec: the first message must be an ExecStart");
                        }
                        ExecStart start = input.getStart();
                        process = containers.exec(start.getContainerId(), start.getCmdList(), start.getTty());
                        if (!start.getStdin()) {
                            process.stdin().close();
                        }
                        pump(process, observer);
                        return;
                    }
                    OutputStream stdin = process.stdin();
                    switch (input.getInputCase()) {
                        case STDIN -> {
                            stdin.write(input.getStdin().toByteArray());
                            stdin.flush();
                        }
                        case STDIN_CLOSED -> stdin.close();
                        default -> {
                            // terminal resize is not supported yet; a second start is ignored
                        }
                    }
                } catch (IOException e) {
                    // the command closed its stdin; its output and exit code still come
                } catch (RuntimeException e) {
                    observer.onError(toStatus(e).asRuntimeException());
                    if (process != null) {
                        process.close();
                    }
                }
            }

            @Override
            public synchronized void onError(Throwable t) {
                if (process != null) {
                    process.close(); // the client went away: kill the command
                }
            }

            @Override
            public synchronized void onCompleted() {
                if (process != null) {
                    try {
                        process.stdin().close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        };
    }

    private static void pump(ExecProcess process, StreamObserver<ExecOutput> observer) {
        Thread out = copier(process.stdout(), observer, true);
        Thread err = copier(process.stderr(), observer, false);
        Thread waiter = new Thread(() -> {
            try {
                out.join();
                err.join();
                int code = process.waitFor();
                synchronized (observer) {
                    observer.onNext(ExecOutput.newBuilder().setExitCode(code).build());
                    observer.onCompleted();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the call was cancelled
            } finally {
                process.close();
            }
        }, "exec-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    private static Thread copier(InputStream in, StreamObserver<ExecOutput> observer, boolean stdout) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    ByteString data = ByteString.copyFrom(buf, 0, n);
                    synchronized (observer) {
                        observer.onNext(stdout ? ExecOutput.newBuilder().setStdout(data).build()
                                : ExecOutput.newBuilder().setStderr(data).build());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process or the call ended
            }
        }, stdout ? "exec-stdout" : "exec-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
