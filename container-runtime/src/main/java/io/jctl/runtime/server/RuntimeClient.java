package io.jctl.runtime.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel to the runtime's unix socket with stubs for both services; for
 * {@code jctld crictl} and the node agent. One client is meant to be shared; close it when done.
 */
public final class RuntimeClient implements AutoCloseable {
    private final Path socket;
    private final EventLoopGroup group;
    private final ManagedChannel channel;

    private RuntimeClient(Path socket) {
        NettyLogging.quietUnixSocketOptionWarnings();
        this.socket = socket;
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(group)
                .overrideAuthority("localhost")
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
    }

    public static RuntimeClient connect(Path socket) {
        return new RuntimeClient(socket.toAbsolutePath());
    }

    /** Accepts {@code unix:///run/jctl/runtime.sock}, {@code unix:/path} or a plain path, as crictl's --runtime-endpoint. */
    public static RuntimeClient connect(String endpoint) {
        return connect(socketPath(endpoint));
    }

    public static Path socketPath(String endpoint) {
        String e = endpoint.strip();
        if (e.startsWith("unix://")) {
            e = e.substring("unix://".length());
        } else if (e.startsWith("unix:")) {
            e = e.substring("unix:".length());
        } else if (e.contains("://")) {
            throw new IllegalArgumentException("runtime endpoint " + endpoint + " must be a unix socket (unix:///path)");
        }
        if (e.isEmpty()) {
            throw new IllegalArgumentException("runtime endpoint " + endpoint + " names no socket");
        }
        return Path.of(e);
    }

    public Path socket() {
        return socket;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public ImageServiceGrpc.ImageServiceBlockingStub images() {
        return ImageServiceGrpc.newBlockingStub(channel);
    }

    public ImageServiceGrpc.ImageServiceStub imagesAsync() {
        return ImageServiceGrpc.newStub(channel);
    }

    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(channel);
    }

    public RuntimeServiceGrpc.RuntimeServiceStub runtimeAsync() {
        return RuntimeServiceGrpc.newStub(channel);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
