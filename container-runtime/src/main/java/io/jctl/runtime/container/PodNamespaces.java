package io.jctl.runtime.container;

import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod's persistent net, ipc and uts namespaces: created by a dedicated, short-lived thread that
 * unshares them, sets the hostname and bind-mounts {@code /proc/thread-self/ns/*} onto files under
 * the run directory, which keep the namespaces alive after the thread ends.
 */
final class PodNamespaces {
    static final String NET = "netns";
    static final String IPC = "ipcns";
    static final String UTS = "utsns";

    private PodNamespaces() {
    }

    /** Creates the namespaces; returns kind → file. With hostNetwork only ipc is new (uts and net are the node's). */
    static Map<String, Path> create(RuntimeConfig config, String sandboxId, String hostname, boolean hostNetwork) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        int flags = Syscalls.CLONE_NEWIPC;
        files.put(IPC, config.namespaceFile(IPC, sandboxId));
        if (!hostNetwork) {
            flags |= Syscalls.CLONE_NEWNET | Syscalls.CLONE_NEWUTS;
            files.put(NET, config.namespaceFile(NET, sandboxId));
            files.put(UTS, config.namespaceFile(UTS, sandboxId));
        }
        int unshareFlags = flags;
        try {
            Syscalls.onDedicatedThread("pod-namespaces-" + sandboxId.substring(0, 12), () -> {
                Syscalls.unshare(unshareFlags);
                if (!hostNetwork) {
                    Syscalls.sethostname(hostname);
                }
                for (Map.Entry<String, Path> e : files.entrySet()) {
                    Files.createDirectories(e.getValue().getParent());
                    Files.write(e.getValue(), new byte[0]);
                    String nsName = switch (e.getKey()) {
                        case NET -> "net";
                        case IPC -> "ipc";
                        default -> "uts";
                    };
                    Syscalls.mount("/proc/thread-self/ns/" + nsName, e.getValue().toString(), null, Syscalls.MS_BIND, null);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            remove(config, sandboxId);
            throw e;
        }
        return files;
    }

    /** Unmounts and deletes the namespace files; the namespaces end when nothing else uses them. */
    static void remove(RuntimeConfig config, String sandboxId) throws IOException {
        for (String kind : new String[] {NET, IPC, UTS}) {
            Path file = config.namespaceFile(kind, sandboxId);
            if (Files.exists(file)) {
                Syscalls.umount(file.toString(), Syscalls.MNT_DETACH);
                Files.deleteIfExists(file);
            }
        }
    }
}
