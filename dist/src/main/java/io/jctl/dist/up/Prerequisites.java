package io.jctl.dist.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What real nodes need from the machine, checked before anything starts, with the command that fixes it. */
public final class Prerequisites {
    private Prerequisites() {
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            // not Linux: certainly no real nodes
        }
        return false;
    }

    /** Throws a message naming what is missing and how to get it; nothing when the plan has no real nodes. */
    public static void check(ClusterPlan plan) {
        if (plan.nodes().isEmpty()) {
            return;
        }
        if (!isRoot()) {
            throw new IllegalArgumentException("real nodes run containers and need root: run `sudo bin/jctld up`, "
                    + "or start in-memory nodes only with `bin/jctld up --hollow-nodes 3`");
        }
        List<String> packages = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            packages.add("busybox-static"); // the busybox:latest image is made from it
        }
        if (!HostCommands.onPath("iptables") || !HostCommands.onPath("iptables-restore")) {
            packages.add("iptables");
        }
        if (!HostCommands.onPath("ip")) {
            packages.add("iproute2");
        }
        if (plan.hasNamespacedNodes() && !HostCommands.onPath("nsenter")) {
            packages.add("util-linux");
        }
        if (!packages.isEmpty()) {
            throw new IllegalArgumentException("real nodes need " + String.join(", ", packages)
                    + ": apt-get install -y " + String.join(" ", packages));
        }
    }
}
