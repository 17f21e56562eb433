package io.jctl.agent.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeLauncherTest {
    @Test
    void theRuntimeCommandUsesThisBuildAndKeepsItsFilesTogether() {
        assertThat(RuntimeLauncher.command(Path.of("/run/x/runtime.sock"), Path.of("/var/lib/x/runtime"), "10.1.2.0/24",
                List.of("--bridge=x0")))
                .contains(RuntimeLauncher.MAIN_CLASS, "runtime", "--socket=/run/x/runtime.sock", "--run-dir=/run/x",
                        "--root=/var/lib/x/runtime", "--pod-cidr=10.1.2.0/24", "--bridge=x0")
                .contains(System.getProperty("java.class.path"));
    }

    @Test
    void withoutLaunchingItWaitsForTheSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("runtime.sock");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                RuntimeLauncher.ensure(socket, false, dir.resolve("rt"), "10.1.2.0/24", List.of(), Duration.ofSeconds(20));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        Files.createFile(socket);
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(Files.exists(dir.resolve("rt"))).isFalse();
    }

    @Test
    void givesUpAfterTheTimeout(@TempDir Path dir) {
        assertThatThrownBy(() -> RuntimeLauncher.ensure(dir.resolve("none.sock"), false, dir, "10.1.2.0/24",
                List.of(), Duration.ofMillis(100))).isInstanceOf(IOException.class).hasMessageContaining("no container runtime at");
    }
}
