/**
 * The runtime daemon: one gRPC server on a unix socket (netty's epoll transport) serving the
 * ImageService and a RuntimeService, the {@code jctld runtime} command that wires them, and
 * {@link io.jctl.runtime.server.RuntimeClient}, the channel to that socket that {@code crictl} and
 * the node agent use. The socket is private to root (directory 0700, socket 0600).
 */
package io.jctl.runtime.server;
