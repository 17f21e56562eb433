package io.jctl.e2e.nodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a cluster named {@code name} may have left on the host: network namespaces, links, mounts,
 * cgroups, iptables chains and processes that carry its name (every one of them does: {@code up}
 * derives them all from {@code --cluster-name}) or live under its data directory.
 */
final class HostLeftovers {
    private HostLeftovers() {
    }

    /** One line per leftover, empty when the host is clean of the cluster. */
    static List<String> of(String name, Path dataDir) throws IOException, InterruptedException {
        List<String> left = new ArrayList<>();
        Path netns = Path.of("/run/netns");
        if (Files.isDirectory(netns)) {
            try (Stream<Path> s = Files.list(netns)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.contains(name)).forEach(n -> left.add("netns " + n));
            }
        }
        for (String line : output("ip", "-o", "link", "show").lines().toList()) {
            String[] f = line.split(":\\s+", 3);
            if (f.length > 1 && f[1].split("@")[0].contains(name)) {
                left.add("link " + f[1]);
            }
        }
        String data = dataDir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4 && (f[4].contains("/" + name) || f[4].startsWith(data))) {
                left.add("mount " + f[4]);
            }
        }
        Path cgroups = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(cgroups)) {
            // Other tests' cgroups come and go meanwhile: a directory that vanishes is no leftover.
            Files.walkFileTree(cgroups, Set.of(), 4, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.getFileName() != null && dir.getFileName().toString().contains(name)) {
                        left.add("cgroup " + dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        String chainPrefix = name.toUpperCase(Locale.ROOT) + "-";
        for (String line : output("iptables-save").lines().toList()) {
            if (line.contains(chainPrefix)) {
                left.add("iptables " + line);
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cgroup = read(p.resolve("cgroup"));
                String cmd = read(p.resolve("cmdline")).replace('\0', ' ');
                if (cgroup.contains("/" + name) || cmd.contains(data)) {
                    left.add("process " + p.getFileName() + " " + cmd.strip());
                }
            }
        }
        return left;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // the process has gone
        }
    }

    /** A command's standard output; empty if it is not installed here. */
    private static String output(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return "";
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
