/**
 * The warm jctl daemon: one JVM per user and jctl installation that runs invocations handed over
 * by the native client ({@code src/main/c/jctl-client.c}) on a unix socket in a 0700 directory,
 * each on its own thread with the client's own stdin/stdout/stderr (passed as file descriptors),
 * environment and working directory, keeping api-server connections alive between them. Only the
 * owning user may connect (checked with SO_PEERCRED); it exits when idle or when its jars change.
 */
package io.jctl.cli.daemon;
