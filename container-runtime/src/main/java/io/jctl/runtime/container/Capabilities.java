package io.jctl.runtime.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Linux capability names and Docker's default set; a set is a bit mask (bit n = capability n). */
final class Capabilities {
    static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** Docker's (and containerd's CRI) default capabilities. */
    static final List<String> DEFAULT = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
            "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

    private Capabilities() {
    }

    /**
     * Every capability the runtime itself may hand out: its own bounding set. Asking for more
     * (a capability the node's bounding set lacks, as in a restricted VM or container) makes
     * capset fail, so a privileged container could not start at all.
     */
    static long all() {
        try {
            // readAllLines, not readString: a sysctl or status file reports size 0, and a read
            // that starts with a one-byte buffer gets only the first byte of cap_last_cap
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (Exception e) {
            // fall back to the kernel's highest capability
        }
        int last = NAMES.size() - 1;
        try {
            last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).trim());
        } catch (Exception e) {
            // keep the names we know
        }
        return last >= 63 ? -1L : (1L << (last + 1)) - 1;
    }

    static long bit(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        int i = NAMES.indexOf(n);
        if (i < 0) {
            throw RuntimeFailure.invalid("unknown capability " + name + " in securityContext.capabilities; use names such as NET_ADMIN or CAP_SYS_TIME");
        }
        return 1L << i;
    }

    /** The capabilities a container keeps: all when privileged, else the default set plus add minus drop ("ALL" allowed in both). */
    static long resolve(boolean privileged, List<String> add, List<String> drop) {
        if (privileged) {
            return all();
        }
        long mask = 0;
        for (String n : DEFAULT) {
            mask |= bit(n);
        }
        for (String n : add) {
            mask |= n.equalsIgnoreCase("ALL") ? all() : bit(n);
        }
        for (String n : drop) {
            mask &= n.equalsIgnoreCase("ALL") ? 0 : ~bit(n);
        }
        return mask;
    }
}
