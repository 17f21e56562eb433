package io.jctl.agent.runtime;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;

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
    private final EventLoopGroup eventLoop;
    private final Server server;

    private RuntimeConnection(String endpoint, ManagedChannel channel, EventLoopGroup eventLoop, Server server) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.eventLoop = eventLoop;
        this.server = server;
    }

    /** A runtime listening on a unix socket: {@code unix:///run/jctl/runtime.sock} or a plain path. */
    public static RuntimeConnection unix(String endpoint) {
        String path = endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint;
        if (path.isEmpty()) {
            throw new IllegalArgumentException("runtime endpoint has no socket path: " + endpoint);
        }
        EventLoopGroup group = new EpollEventLoopGroup(1);
        ManagedChannel ch = NettyChannelBuilder.forAddress(new DomainSocketAddress(path))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(group)
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        return new RuntimeConnection("unix://" + path, ch, group, null);
    }

    /**
     * Serves {@code services} in this JVM and connects to them; calls run on the caller's thread
     * (no executor hop), which keeps many hollow agents in one JVM cheap.
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
        return new RuntimeConnection("inprocess://" + name, ch, null, server);
    }

    public String endpoint() {
        return endpoint;
    }

    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(channel);
    }

    public RuntimeServiceGrpc.RuntimeServiceStub runtimeAsync() {
        return RuntimeServiceGrpc.newStub(channel);
    }

    public ImageServiceGrpc.ImageServiceBlockingStub images() {
        return ImageServiceGrpc.newBlockingStub(channel);
    }

    public ImageServiceGrpc.ImageServiceStub imagesAsync() {
        return ImageServiceGrpc.newStub(channel);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.shutdownNow();
        }
        if (eventLoop != null) {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
