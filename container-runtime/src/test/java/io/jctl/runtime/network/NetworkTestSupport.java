package io.jctl.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Shell helpers for network tests: named network namespaces, commands inside them, and checks. */
final class NetworkTestSupport implements AutoCloseable {
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    static boolean canRun() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean tools = (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")))
                && (Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")));
        return root && tools;
    }

    String suffix() {
        return suffix;
    }

    /** A config with a bridge, CIDR and chain names of this test's own, leaving the host's forwarding alone. */
    BridgeNetworkConfig config(Path root) {
        int subnet = ThreadLocalRandom.current().nextInt(0, 256);
        return BridgeNetworkConfig.defaults(root)
                .withBridgeName("jctlt" + suffix)
                .withPodCidr("10.250." + subnet + ".0/24")
                .withChainPrefix("JT" + suffix.toUpperCase())
                .withIpForward(false);
    }

    /** Creates {@code /run/netns/jctltest-<suffix>-<name>} and returns its path. */
    Path netns(String name) throws IOException {
        String ns = "jctltest-" + suffix + "-" + name;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        return Path.of("/run/netns", ns);
    }

    static String nsName(Path netns) {
        return netns.getFileName().toString();
    }

    /** Runs a command to completion; returns exit code and output. */
    static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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

    static Result inNetns(Path netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nsName(netns)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Starts a long-running command inside a namespace; it is killed on close. */
    Process startInNetns(Path netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nsName(netns)));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
    }

    static boolean linkExists(String name) throws IOException {
        return run("ip", "link", "show", "dev", name).exitCode() == 0;
    }

    static String iptablesSave() throws IOException {
        return run("iptables-save").output();
    }

    record Result(int exitCode, String output) {
    }

    @Override
    public void close() throws IOException {
        for (Process process : processes) {
            process.destroyForcibly(); // by PID: only what this test started
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

    /** Last-resort cleanup after a failed removeAll: bridge and our chains by name. */
    void forceRemove(BridgeNetworkConfig config) throws IOException {
        run("ip", "link", "delete", config.bridgeName());
        String prefix = config.chainPrefix();
        for (String[] jump : new String[][] {
                {"nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", prefix + "-HOSTPORTS"},
                {"nat", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", prefix + "-HOSTPORTS"},
                {"nat", "POSTROUTING", "-j", prefix + "-POSTROUTING"},
                {"filter", "FORWARD", "-j", prefix + "-FORWARD"}}) {
            List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", jump[0], "-D", jump[1]));
            command.addAll(List.of(jump).subList(2, jump.length));
            run(command.toArray(String[]::new));
        }
        for (String[] chain : new String[][] {{"nat", prefix + "-HOSTPORTS"}, {"nat", prefix + "-POSTROUTING"},
                {"filter", prefix + "-FORWARD"}}) {
            run("iptables", "-w", "-t", chain[0], "-F", chain[1]);
            run("iptables", "-w", "-t", chain[0], "-X", chain[1]);
        }
    }
}
