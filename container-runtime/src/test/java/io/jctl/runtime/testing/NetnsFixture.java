package io.jctl.runtime.testing;

import io.jctl.runtime.network.BridgeNetworkConfig;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Named network namespaces of one test ({@code /run/netns/<prefix>-<suffix>-<name>}), commands run
 * inside them, and long-running commands killed by PID on {@link #close()}, which also deletes the
 * namespaces. The static helpers run host commands and look at links and iptables.
 */
public final class NetnsFixture implements AutoCloseable {
    private final String prefix;
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Namespaces named {@code jctltest-<suffix>-<name>}. */
    public NetnsFixture() {
        this("jctltest");
    }

    /** Namespaces named {@code <prefix>-<suffix>-<name>}. */
    public NetnsFixture(String prefix) {
        this.prefix = prefix;
    }

    /** Root, with iproute2 and iptables: what every namespace test needs. */
    public static boolean canRun() {
        return "root".equals(System.getProperty("user.name")) && executable("ip") && executable("iptables");
    }

    /** {@code /bin/busybox}, for servers and clients inside namespaces. */
    public static boolean hasBusybox() {
        return Files.isExecutable(Path.of("/bin/busybox"));
    }

    private static boolean executable(String tool) {
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Six hex digits of this fixture's own, for names of bridges, chains and sandboxes. */
    public String suffix() {
        return suffix;
    }

    /** A config with a bridge, CIDR and chain names of this fixture's own, leaving the host's forwarding alone. */
    public BridgeNetworkConfig bridgeConfig(Path root) {
        int subnet = ThreadLocalRandom.current().nextInt(0, 256);
        return BridgeNetworkConfig.defaults(root)
                .withBridgeName("jctlt" + suffix)
                .withPodCidr("10.250." + subnet + ".0/24")
                .withChainPrefix("JT" + suffix.toUpperCase())
                .withIpForward(false);
    }

    /** Creates {@code /run/netns/<prefix>-<suffix>-<name>} and returns its path. */
    public Path netns(String name) throws IOException {
        String ns = prefix + "-" + suffix + "-" + name;
        Result r = run("ip", "netns", "add", ns);
        if (r.exitCode() != 0) {
            throw new IOException("ip netns add " + ns + ": " + r.output());
        }
        namespaces.add(ns);
        return Path.of("/run/netns", ns);
    }

    public static String nsName(Path netns) {
        return netns.getFileName().toString();
    }

    /** Runs a host command to completion, stdin empty; returns exit code and output (stderr included). */
    public static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " hung");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static Result inNetns(Path netns, String... command) throws IOException {
        return run(inNetnsCommand(netns, command));
    }

    /** Starts a long-running command inside a namespace ({@code ip netns exec} execs it, so the PID is its own); killed on close. */
    public Process startInNetns(Path netns, String... command) throws IOException {
        Process process = new ProcessBuilder(inNetnsCommand(netns, command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
    }

    private static String[] inNetnsCommand(Path netns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nsName(netns)));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    /** Whether a link of this name is in the host's namespace. */
    public static boolean linkExists(String name) throws IOException {
        return run("ip", "link", "show", "dev", name).exitCode() == 0;
    }

    public static String iptablesSave() throws IOException {
        return run("iptables-save").output();
    }

    /**
     * Last-resort cleanup after a failed removal: the bridge, and the jumps to and the chains of a
     * bridge network with {@code chainPrefix}, by name. Missing pieces are skipped.
     */
    public static void removeBridgeAndChains(String bridge, String chainPrefix) throws IOException {
        if (linkExists(bridge)) {
            run("ip", "link", "delete", bridge);
        }
        if (!iptablesSave().contains(chainPrefix + "-")) {
            return;
        }
        for (String[] jump : new String[][] {
                {"nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", chainPrefix + "-HOSTPORTS"},
                {"nat", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", chainPrefix + "-HOSTPORTS"},
                {"nat", "POSTROUTING", "-j", chainPrefix + "-POSTROUTING"},
                {"filter", "FORWARD", "-j", chainPrefix + "-FORWARD"},
                {"filter", "INPUT", "-j", chainPrefix + "-INPUT"}}) {
            List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", jump[0], "-D", jump[1]));
            command.addAll(List.of(jump).subList(2, jump.length));
            run(command.toArray(String[]::new));
        }
        for (String[] chain : new String[][] {{"nat", chainPrefix + "-HOSTPORTS"}, {"nat", chainPrefix + "-POSTROUTING"},
                {"filter", chainPrefix + "-FORWARD"}, {"filter", chainPrefix + "-INPUT"}}) {
            run("iptables", "-w", "-t", chain[0], "-F", chain[1]);
            run("iptables", "-w", "-t", chain[0], "-X", chain[1]);
        }
    }

    /** Removes {@code config}'s bridge and chains by name. */
    public static void removeBridgeAndChains(BridgeNetworkConfig config) throws IOException {
        removeBridgeAndChains(config.bridgeName(), config.chainPrefix());
    }

    public record Result(int exitCode, String output) {
    }

    /** Kills what {@link #startInNetns} started (by PID: only this test's) and deletes the namespaces. */
    @Override
    public void close() throws IOException {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            run("ip", "netns", "delete", ns);
        }
    }
}
