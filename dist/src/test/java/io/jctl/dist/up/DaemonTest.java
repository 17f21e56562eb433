package io.jctl.dist.up;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonTest {
    @Test
    void aPidCountsOnlyWhileItsProcessCarriesTheMarkerOfThisDataDir(@TempDir Path tmp) throws Exception {
        ClusterLayout layout = new ClusterLayout(tmp.resolve("data"));
        Daemon d = new Daemon("server", layout);
        // dash stays the parent of sleep, so the marker (its $0) stays on a command line we can read
        ProcessHandle p = d.start(List.of("/bin/sh", "-c", "sleep 60", d.marker()));
        List<ProcessHandle> children = new java.util.ArrayList<>();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> p.descendants().findAny().isPresent() || !p.isAlive());
            p.descendants().forEach(children::add);
            assertThat(d.running()).contains(p);
            assertThat(Files.readString(d.pidFile()).strip()).isEqualTo(Long.toString(p.pid()));
            assertThat(d.log()).exists();

            Daemon sameNameOtherDir = new Daemon("server", new ClusterLayout(tmp.resolve("data2")));
            Files.createDirectories(sameNameOtherDir.pidFile().getParent());
            Files.writeString(sameNameOtherDir.pidFile(), p.pid() + "\n");
            assertThat(sameNameOtherDir.running()).as("a marker is a whole argument, not a prefix").isEmpty();
            assertThat(sameNameOtherDir.stop(Duration.ofSeconds(1))).isFalse();
            assertThat(p.isAlive()).as("never signalled through another cluster's pid file").isTrue();

            assertThat(d.stop(Duration.ofSeconds(10))).isTrue();
            assertThat(p.isAlive()).isFalse();
            assertThat(d.pidFile()).doesNotExist();
            assertThat(d.running()).isEmpty();
        } finally {
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
