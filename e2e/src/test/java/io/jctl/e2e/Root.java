package io.jctl.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assumptions.assumeThat;

/** What a scenario on real containers needs from the machine; skipped (not failed) without it. */
public final class Root {
    private Root() {
    }

    /** Root, busybox-static, iptables and iproute2, as `.ci/run` installs them. */
    public static void assumeRealNodes() {
        assumeThat(System.getProperty("user.name")).as("real nodes need root").isEqualTo("root");
        assumeThat(Files.isExecutable(Path.of("/bin/busybox"))).as("busybox-static").isTrue();
        assumeThat(onPath("iptables") && onPath("ip") && onPath("nsenter")).as("iptables, iproute2, util-linux").isTrue();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
