package io.jctl.runtime.crictl;

import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.RegistryOptions;
import io.jctl.runtime.server.RuntimeDaemon;
import io.jctl.runtime.server.UnimplementedRuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** crictl against a daemon on a temp socket, as an operator would type it. */
class CrictlIT {
    private Path tmp;
    private RuntimeDaemon daemon;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        tmp = Files.createTempDirectory("jctl-crictl");
        ImageStore store = new ImageStore(tmp.resolve("root"));
        daemon = new RuntimeDaemon(tmp.resolve("runtime.sock"),
                new ImageServiceImpl(store, new ImagePuller(store, RegistryOptions.DEFAULT)), new UnimplementedRuntimeService()).start();
    }

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Result crictl(String... args) {
        CrictlCommand command = new CrictlCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("-r", "unix://" + daemon.socket()));
        all.addAll(List.of(args));
        int code = new CommandLine(command).execute(all.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importBusyboxListInspectAndRemove() {
        Result imported = crictl("import", "--busybox");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("Imported sha256:").contains("jctl.local/busybox:latest");

        Result images = crictl("images");
        assertThat(images.out().lines().toList()).hasSize(3);
        assertThat(images.out()).startsWith("IMAGE                       TAG                 IMAGE ID            SIZE")
                .contains("docker.io/library/busybox   latest")
                .contains("jctl.local/busybox          latest");

        assertThat(crictl("images", "-q").out().lines().toList()).hasSize(1).allMatch(l -> l.length() == 13);
        assertThat(crictl("inspecti", "busybox").out()).contains("\"repoTags\"").contains("\"cmd\" : [ \"sh\" ]");

        Result rmi = crictl("rmi", "busybox");
        assertThat(rmi.code()).isZero();
        assertThat(rmi.out().lines()).containsExactlyInAnyOrder("Deleted: jctl.local/busybox:latest",
                "Deleted: docker.io/library/busybox:latest");
        Result gone = crictl("rmi", "busybox");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("crictl rmi: NOT_FOUND: image \"busybox\" not found; "
                + "pull it first with `jctld crictl pull busybox`\n");
    }

    @Test
    void versionAndUnimplementedCalls() {
        Result version = crictl("version");
        assertThat(version.out()).contains("RuntimeName:  jctl").contains("RuntimeApiVersion:  v1");
        Result ps = crictl("ps", "-a");
        assertThat(ps.code()).isEqualTo(1);
        assertThat(ps.err()).startsWith("crictl ps: UNIMPLEMENTED");
    }

    @Test
    void unreachableRuntimeIsNamed() {
        CrictlCommand command = new CrictlCommand();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(command).execute("-r", "unix://" + tmp.resolve("nothing.sock"), "images");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the runtime at unix://" + tmp.resolve("nothing.sock"));
    }
}
