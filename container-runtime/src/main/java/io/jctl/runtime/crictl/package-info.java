/**
 * {@code jctld crictl}: an operator's look inside a node through the runtime's gRPC socket, with
 * crictl's commands and table formats (images, pull, import, rmi, inspecti, pods, inspectp, stopp,
 * rmp, ps, inspect, logs, exec, stats, stop, rm, version). A client only: everything it shows comes
 * over the socket. Ids may be shortened to any unique prefix; one that names nothing is an error
 * (exit code 1) that says how to list what exists.
 */
package io.jctl.runtime.crictl;
