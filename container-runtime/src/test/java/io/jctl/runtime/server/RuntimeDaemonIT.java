package io.jctl.runtime.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.ImportImageRequest;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListImagesRequest;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;
import io.jctl.runtime.api.v1.RemoveImageRequest;
import io.jctl.runtime.api.v1.VersionRequest;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.LocalRegistry;
import io.jctl.runtime.image.RegistryOptions;
import io.jctl.runtime.image.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ImageService end to end through the daemon's unix socket, with a fake ImageUsage. */
class RuntimeDaemonIT {
    private static LocalRegistry registry;
    private static Path layout;

    private Path tmp;
    private Path socket;
    private RuntimeDaemon daemon;
    private RuntimeClient client;
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startRegistry() throws IOException {
        layout = Files.createTempDirectory("oci-layout");
        try {
            TestImages.busybox(layout, "1.0");
            registry = LocalRegistry.start();
            registry.push(layout, "1.0", "busybox", "1.0");
        } catch (IOException | RuntimeException e) {
            stopRegistry();
            throw e;
        }
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            delete(layout);
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        tmp = Files.createTempDirectory("jctl-daemon");
        socket = tmp.resolve("run/jctl/runtime.sock");
        ImageStore store = new ImageStore(tmp.resolve("root"), inUse::contains);
        ImagePuller puller = new ImagePuller(store, new RegistryOptions(Set.of(registry.hostPort()), List.of()));
        daemon = new RuntimeDaemon(socket, new ImageServiceImpl(store, puller), new UnimplementedRuntimeService()).start();
        client = RuntimeClient.connect("unix://" + socket);
    }

    @AfterEach
    void stopDaemon() throws IOException {
        if (client != null) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        delete(tmp);
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    @Test
    void socketIsPrivateAndRemovedOnClose() throws IOException {
        assertThat(Files.getAttribute(socket, "unix:mode")).satisfies(m -> assertThat((Integer) m & 0777).isEqualTo(0600));
        assertThat((Integer) Files.getAttribute(socket.getParent(), "unix:mode") & 0777).isEqualTo(0700);
        daemon.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void versionAnswersAndTheRestOfTheRuntimeServiceIsUnimplemented() {
        assertThat(client.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName()).isEqualTo("jctl");
        assertThatThrownBy(() -> client.runtime().listContainers(ListContainersRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void pullListStatusRemove() {
        String ref = registry.hostPort() + "/busybox:1.0";
        List<PullImageProgress> progress = new ArrayList<>();
        for (Iterator<PullImageProgress> it = client.images().pullImage(
                PullImageRequest.newBuilder().setImage(spec(ref)).build()); it.hasNext(); ) {
            progress.add(it.next());
        }
        Image pulled = progress.get(progress.size() - 1).getImage();
        assertThat(pulled.getRepoTagsList()).containsExactly(ref);
        assertThat(progress.subList(0, progress.size() - 1)).allMatch(p -> !p.hasImage());
        assertThat(progress).anyMatch(p -> p.getMessage().contains("downloading"));

        assertThat(client.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList())
                .extracting(Image::getId).containsExactly(pulled.getId());
        assertThat(client.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec(ref)).build()).getImage().getId())
                .isEqualTo(pulled.getId());

        inUse.add(pulled.getId());
        assertThatThrownBy(() -> client.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("image " + ref + " is in use by a container; remove the container first");
                });
        inUse.clear();
        client.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build());
        assertThatThrownBy(() -> client.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec(ref)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("image \"" + ref
                            + "\" not found; pull it first with `jctld crictl pull " + ref + "`");
                });
    }

    @Test
    void importsARootfsDirectory() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        BusyboxImage.writeRootfs(BusyboxImage.DEFAULT_BINARY, rootfs);
        var response = client.images().importImage(ImportImageRequest.newBuilder().setPath(rootfs.toString())
                .setRootfsDir(true).addTags("jctl.local/mine:1")
                .setConfig(ImageConfig.newBuilder().addEntrypoint("/bin/sleep").addCmd("3600").addEnv("A=b")).build());
        Image image = response.getImages(0);
        assertThat(image.getRepoTagsList()).containsExactly("jctl.local/mine:1");
        assertThat(image.getConfig().getEntrypointList()).containsExactly("/bin/sleep");
        assertThat(client.images().listImages(ListImagesRequest.newBuilder().setFilter(
                io.jctl.runtime.api.v1.ImageFilter.newBuilder().setImage(spec("jctl.local/mine:1"))).build()).getImagesCount())
                .isEqualTo(1);
    }

    @Test
    void errorsAreStatusesThatSayWhatToDo() throws IOException {
        assertThatThrownBy(() -> client.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec("Bad:Ref")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        String dead = "127.0.0.1:" + LocalRegistry.freePort();
        assertThatThrownBy(() -> client.images().pullImage(PullImageRequest.newBuilder().setImage(spec(dead + "/x")).build())
                .forEachRemaining(p -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains(dead);
                });
        assertThatThrownBy(() -> client.images().importImage(ImportImageRequest.newBuilder().setPath("/nonexistent.tar").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("/nonexistent.tar does not exist"));
    }

    @Test
    void aStaleSocketIsReplacedButALiveDaemonIsNot() throws IOException {
        daemon.close();
        client.close();
        client = null;
        // A socket file whose server is gone, as a crash leaves it.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        ImageStore store = new ImageStore(tmp.resolve("root"));
        daemon = new RuntimeDaemon(socket, new ImageServiceImpl(store, new ImagePuller(store, RegistryOptions.DEFAULT)),
                new UnimplementedRuntimeService()).start();
        client = RuntimeClient.connect(socket);
        assertThat(client.runtime().version(VersionRequest.getDefaultInstance()).getApiVersion()).isEqualTo("v1");

        RuntimeDaemon second = new RuntimeDaemon(socket, new ImageServiceImpl(store, new ImagePuller(store, RegistryOptions.DEFAULT)),
                new UnimplementedRuntimeService());
        assertThatThrownBy(second::start).hasMessageContaining("another runtime is already serving " + socket);
        assertThat(client.runtime().version(VersionRequest.getDefaultInstance()).getApiVersion()).isEqualTo("v1");
    }
}
