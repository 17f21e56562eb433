package io.jctl.agent.proxy;

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
 * Shell helpers for proxy tests: named network namespaces with names of this test's own,
 * commands inside them, and long-running servers killed by PID on close.
 */
final class NetnsSupport implements AutoCloseable {
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    static boolean canRun() {
        return "root".equals(System.getProperty("user.name"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")))
                && (Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")))
                && Files.isExecutable(Path.of("/bin/busybox"));
    }

    String suffix() {
        return suffix;
    }

    /** Creates {@code /run/netns/jctlproxy-<suffix>-<name>}. */
    Path netns(String name) throws IOException {
        String ns = "jctlproxy-" + suffix + "-" + name;
        Result r = run("ip", "netns", "add", ns);
        if (r.exitCode() != 0) {
            throw new IOException("ip netns add " + ns + ": " + r.output());
        }
        namespaces.add(ns);
        return Path.of("/run/netns", ns);
    }

    static Result run(String... command) throws IOException {
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

    static Result inNetns(Path netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns.getFileName().toString()));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Starts a server inside a namespace ({@code ip netns exec} execs it, so the PID is the server's). */
    Process startInNetns(Path netns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns.getFileName().toString()));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
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
}
