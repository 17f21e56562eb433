package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Connects a pod sandbox's network namespace to the node: the sandbox code creates the namespace
 * (a bind-mounted {@code /proc/<tid>/ns/net}), this interface puts an interface, an address and
 * routes in it and maps its host ports. Every method is idempotent, so a restarted runtime can
 * repeat any of them.
 */
public interface PodNetwork {
    /** Sets up the pod's network; returns its address. Calling it again for the same id returns the same address. */
    PodNetworkStatus setUp(String sandboxId, Path netnsPath, List<PortMapping> portMappings) throws IOException;

    /** Removes the pod's interface, host-port rules and address allocation; a no-op if already gone. */
    void tearDown(String sandboxId, Path netnsPath, List<PortMapping> portMappings) throws IOException;

    /** At runtime start: releases addresses, links and rules of sandboxes that no longer exist. */
    void garbageCollect(Set<String> liveSandboxIds) throws IOException;
}
