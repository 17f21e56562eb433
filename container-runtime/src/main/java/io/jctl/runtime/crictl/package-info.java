/**
 * {@code jctld crictl}: an operator's look inside a node through the runtime's gRPC socket, with
 * crictl's commands and table formats (images, pull, import, rmi, pods, ps, inspect, logs, exec,
 * stats, rm, stop, version). A client only: everything it shows comes over the socket.
 */
package io.jctl.runtime.crictl;
