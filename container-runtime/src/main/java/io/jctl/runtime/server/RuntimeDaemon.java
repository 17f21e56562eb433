package io.jctl.runtime.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.jctl.runtime.api.v1.ImageServiceGrpc;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.api.v1.VersionResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's gRPC server on a unix socket: the ImageService and a RuntimeService (the
 * container side's). {@link #close()} stops it and removes the socket file.
 */
public final class RuntimeDaemon implements AutoCloseable {
    public static final Path DEFAULT_SOCKET = Path.of("/run/jctl/runtime.sock");
    public static final String RUNTIME_NAME = "jctl";
    public static final String RUNTIME_VERSION = "0.1.0";
    public static final String API_VERSION = "v1";

    private final Path socket;
    private final BindableService images;
    private final BindableService runtime;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Server server;

    public RuntimeDaemon(Path socket, ImageServiceGrpc.ImageServiceImplBase images,
                         RuntimeServiceGrpc.RuntimeServiceImplBase runtime) {
        this.socket = socket.toAbsolutePath();
        this.images = images;
        this.runtime = runtime;
    }

    /** The Version answer; {@code cgroupVersion} is "v1", "v2" or empty when unknown. */
    public static VersionResponse version(String cgroupVersion) {
        return VersionResponse.newBuilder().setRuntimeName(RUNTIME_NAME).setRuntimeVersion(RUNTIME_VERSION)
                .setApiVersion(API_VERSION).setCgroupVersion(cgroupVersion).build();
    }

    /** Binds the socket (removing a stale one) and starts serving. */
    public synchronized RuntimeDaemon start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("netty's epoll transport is not available here: " + Epoll.unavailabilityCause());
        }
        NettyLogging.quietUnixSocketOptionWarnings();
        UnixSockets.prepare(socket);
        boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .addService(images)
                    .addService(runtime)
                    .build()
                    .start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            close();
            throw new IOException("cannot serve on " + socket + ": " + e.getMessage(), e);
        }
        return this;
    }

    public Path socket() {
        return socket;
    }

    public void awaitTermination() throws InterruptedException {
        Server s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            s.awaitTermination();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                    server.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try {
            if (server != null && Files.exists(socket) && UnixSockets.isSocket(socket)) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            // Gone already, or left for the next start to remove as stale.
        }
    }
}
