package io.jctl.agent.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

/** What the agent reports about its machine: cpus, memory, OS, kernel, ids, first IPv4 address. */
public record MachineInfo(int cpus, long memoryBytes, String osImage, String kernelVersion, String architecture,
                          String machineID, String bootID, String hostname) {

    public static MachineInfo detect() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memTotal(), detectOsImage(),
                System.getProperty("os.version", ""), arch(System.getProperty("os.arch", "")),
                read("/etc/machine-id"), read("/proc/sys/kernel/random/boot_id"), detectHostname());
    }

    /** A made-up machine for hollow nodes. */
    public static MachineInfo hollow(String node, int cpus, long memoryBytes) {
        return new MachineInfo(cpus, memoryBytes, "jctl hollow node", "hollow", "amd64", node, node, node);
    }

    static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String detectOsImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.name", "Linux");
    }

    /** Go's GOARCH names, which Kubernetes labels use. */
    static String arch(String javaArch) {
        switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64": return "amd64";
            case "aarch64":
            case "arm64": return "arm64";
            default: return javaArch;
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String detectHostname() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The first IPv4 address that is not loopback, or 127.0.0.1. */
    public static String firstIPv4() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
