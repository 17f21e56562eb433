package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.PortMapping;
import io.jctl.runtime.network.PodNetwork;
import io.jctl.runtime.network.PodNetworkStatus;
import io.jctl.runtime.sys.NativeException;
import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The smallest pod network: only {@code lo}, brought up inside the pod's namespace (SIOCSIFFLAGS on
 * a socket made by a thread that joined it). Pods get no address; for tests and benchmarks, and as
 * the default until a bridge network is configured.
 */
public final class LoopbackOnlyNetwork implements PodNetwork {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final int IFF_UP = 1;

    @Override
    public PodNetworkStatus setUp(String sandboxId, Path netnsPath, List<PortMapping> portMappings) throws IOException {
        Syscalls.onDedicatedThread("pod-lo-up", () -> {
            Syscalls.setns(netnsPath.toString(), Syscalls.CLONE_NEWNET);
            bringUp("lo");
            return null;
        });
        return new PodNetworkStatus("", 0, "");
    }

    static void bringUp(String name) throws NativeException {
        int fd = Syscalls.libc().socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Syscalls.lastError("socket");
        }
        try {
            byte[] ifreq = new byte[40];
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, ifreq, 0, n.length);
            if (Syscalls.libc().ioctl(fd, SIOCGIFFLAGS, ifreq) < 0) {
                throw Syscalls.lastError("SIOCGIFFLAGS " + name);
            }
            ifreq[16] |= IFF_UP;
            if (Syscalls.libc().ioctl(fd, SIOCSIFFLAGS, ifreq) < 0) {
                throw Syscalls.lastError("SIOCSIFFLAGS " + name);
            }
        } finally {
            Syscalls.close(fd);
        }
    }

    @Override
    public void tearDown(String sandboxId, Path netnsPath, List<PortMapping> portMappings) {
        // lo goes with the namespace
    }

    @Override
    public void garbageCollect(Set<String> liveSandboxIds) {
        // nothing is kept outside the namespaces
    }
}
