package io.jctl.agent.runtime;

import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.server.RuntimeClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's channel to a container runtime and the stubs on it. Blocking stubs carry no
 * deadline: callers add one per call ({@code withDeadlineAfter}) sized to what they ask.
 */
public final class RuntimeConnection implements AutoCloseable {
    private static final AtomicLong IN_PROCESS_IDS = new AtomicLong();

    private final String endpoint;
    private final ManagedChannel channel;
    /** What the stubs call through: channel, or in process a {@link DirectUnaryChannel} in front of it. */
    private final Channel calls;
    /** The unix-socket client that owns the channel and its event loop; null in process. */
    private final RuntimeClient client;
    private final Server server;

    private RuntimeConnection(String endpoint, ManagedChannel channel, Channel calls, RuntimeClient client, Server server) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.calls = calls;
        this.client = client;
        this.server = server;
    }

    /** A runtime listening on a unix socket: {@code unix:///run/jctl/runtime.sock} or a plain path. */
    public static RuntimeConnection unix(String endpoint) {
        RuntimeClient client = RuntimeClient.connect(endpoint);
        return new RuntimeConnection("unix://" + client.socket(), client.channel(), client.channel(), client, null);
    }

    /**
     * Serves {@code services} in this JVM and connects to them; calls run on the caller's thread
     * (no executor hop), unary ones without a transport at all ({@link DirectUnaryChannel}), which
     * keeps many hollow agents in one JVM cheap.
     */
    public static RuntimeConnection inProcess(BindableService... services) {
        String name = "jctl-runtime-" + IN_PROCESS_IDS.incrementAndGet();
        InProcessServerBuilder b = InProcessServerBuilder.forName(name).directExecutor();
        for (BindableService s : services) {
            b.addService(s);
        }
        Server server;
        try {
            server = b.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start in-process runtime " + name, e);
        }
        ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        return new RuntimeConnection("inprocess://" + name, ch, new DirectUnaryChannel(ch, services), null, server);
    }

    public String endpoint() {
        return endpoint;
    }

    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(calls);
    }

    public RuntimeServiceGrpc.RuntimeServiceStub runtimeAsync() {
        return RuntimeServiceGrpc.newStub(calls);
    }

    public ImageServiceGrpc.ImageServiceBlockingStub images() {
        return ImageServiceGrpc.newBlockingStub(calls);
    }

    public ImageServiceGrpc.ImageServiceStub imagesAsync() {
        return ImageServiceGrpc.newStub(calls);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            return;
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
    }
}
