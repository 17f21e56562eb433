package io.jctl.runtime.server;

import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.image.ImageLookup;
import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.ImageUsage;
import io.jctl.runtime.image.RegistryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code jctld runtime}: the container runtime daemon on its unix socket. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Run the container runtime: images and containers behind a CRI-shaped gRPC service on a unix socket.")
public final class RuntimeCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", description = "Images, layers and container state (default: ${DEFAULT-VALUE}).")
    Path root = ImageStore.DEFAULT_ROOT;

    @Option(names = "--socket", paramLabel = "PATH", description = "The gRPC unix socket (default: ${DEFAULT-VALUE}).")
    Path socket = RuntimeDaemon.DEFAULT_SOCKET;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
            description = "A registry spoken to over plain HTTP, such as 127.0.0.1:5000 (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-mirror", paramLabel = "URL",
            description = "A mirror tried before Docker Hub for docker.io images, such as https://mirror.example (repeatable).")
    List<URI> registryMirrors = new ArrayList<>();

    @Option(names = "--busybox-image", description = "Import the busybox image from /bin/busybox (busybox-static) at start, "
            + "as " + BusyboxImage.REFERENCE + " and busybox:latest.")
    boolean busyboxImage;

    @Override
    public Integer call() throws Exception {
        RuntimeDaemon daemon = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "jctld-runtime-shutdown"));
        System.out.println("jctl runtime serving on unix://" + daemon.socket() + " (root " + root.toAbsolutePath() + ")");
        stopped.await();
        return 0;
    }

    /** Wires the store, the puller and both services, and starts the daemon. */
    RuntimeDaemon start() throws Exception {
        for (URI mirror : registryMirrors) {
            if (mirror.getScheme() == null || !Set.of("http", "https").contains(mirror.getScheme()) || mirror.getHost() == null) {
                throw new IllegalArgumentException("--registry-mirror " + mirror + " must be an http:// or https:// URL");
            }
        }
        Set<String> insecure = new HashSet<>();
        for (String r : insecureRegistries) {
            if (r.contains("/")) {
                throw new IllegalArgumentException("--insecure-registry " + r + " must be host[:port], without a scheme or path");
            }
            insecure.add(r.toLowerCase(Locale.ROOT));
        }
        Files.createDirectories(root);
        // The container side answers whether an image is in use; it is built after the store it needs.
        AtomicReference<ImageUsage> usage = new AtomicReference<>(imageId -> false);
        ImageStore store = new ImageStore(root, imageId -> usage.get().inUse(imageId));
        if (busyboxImage) {
            BusyboxImage.importInto(store);
        }
        ImagePuller puller = new ImagePuller(store, new RegistryOptions(insecure, registryMirrors));
        RuntimeServiceGrpc.RuntimeServiceImplBase runtime = runtimeService(root, store, usage);
        return new RuntimeDaemon(socket, new ImageServiceImpl(store, puller), runtime).start();
    }

    /**
     * The RuntimeService to serve. Until the container runtime's implementation is merged this is
     * {@link UnimplementedRuntimeService}; that implementation gets the image lookup and sets
     * {@code usage} to its container store.
     */
    static RuntimeServiceGrpc.RuntimeServiceImplBase runtimeService(Path root, ImageLookup images,
                                                                    AtomicReference<ImageUsage> usage) {
        return new UnimplementedRuntimeService();
    }
}
