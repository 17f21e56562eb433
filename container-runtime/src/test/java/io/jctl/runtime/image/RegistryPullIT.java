package io.jctl.runtime.image;

import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pulls from Debian's docker-registry on loopback, into which the test pushed umoci-built images. */
class RegistryPullIT {
    private static Path layout;
    private static LocalRegistry registry;
    private static Digest busyboxManifest;

    @TempDir
    Path root;

    @BeforeAll
    static void startRegistry() throws IOException {
        layout = Files.createTempDirectory("oci-layout");
        try {
            TestImages.busybox(layout, "1.0");
            TestImages.withWhiteouts(layout, "wh");
            registry = LocalRegistry.start();
            registry.push(layout, "1.0", "busybox", "1.0");
            registry.push(layout, "wh", "busybox", "wh");
            registry.push(layout, "wh", "wh", "1");
            registry.push(layout, "1.0", "library/busybox", "1.0");
            busyboxManifest = registry.manifestDigest("busybox", "1.0");
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
            LayerUnpacker.deleteTree(layout);
        }
    }

    private ImagePuller puller(ImageStore store, String... insecure) {
        return new ImagePuller(store, new RegistryOptions(Set.of(insecure), List.of()), closedLoopback());
    }

    private static URI closedLoopback() {
        try {
            return URI.create("http://127.0.0.1:" + LocalRegistry.freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pullsFromAnInsecureRegistryAndReportsProgress() throws IOException {
        ImageStore store = new ImageStore(root);
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        String ref = registry.hostPort() + "/busybox:1.0";
        Image image = puller(store, registry.hostPort()).pull(ref, RegistryAuth.ANONYMOUS, (m, d, t) -> messages.add(m));

        assertThat(image.getRepoTagsList()).containsExactly(ref);
        assertThat(image.getRepoDigestsList()).containsExactly(registry.hostPort() + "/busybox@" + busyboxManifest);
        assertThat(image.getConfig().getCmdList()).containsExactly("sh");
        assertThat(messages).anyMatch(m -> m.startsWith("Resolving " + ref))
                .anyMatch(m -> m.contains("downloading"))
                .anyMatch(m -> m.startsWith("Pulled " + ref));
        ResolvedImage resolved = store.resolve(ref).orElseThrow();
        assertThat(resolved.layers().get(resolved.layers().size() - 1).resolve("bin/busybox")).exists();

        messages.clear();
        Image again = puller(store, registry.hostPort()).pull(ref, RegistryAuth.ANONYMOUS, (m, d, t) -> messages.add(m));
        assertThat(again.getId()).isEqualTo(image.getId());
        assertThat(messages).anyMatch(m -> m.endsWith("already exists")).noneMatch(m -> m.contains("downloading"));
    }

    @Test
    void pullsByDigest() throws IOException {
        ImageStore store = new ImageStore(root);
        String ref = registry.hostPort() + "/busybox@" + busyboxManifest;
        Image image = puller(store, registry.hostPort()).pull(ref, null, PullProgress.NONE);
        assertThat(image.getRepoTagsList()).isEmpty();
        assertThat(image.getRepoDigestsList()).containsExactly(ref);
        assertThat(store.resolve(ref)).isPresent();
    }

    @Test
    void pullsAnImageWithWhiteouts() throws IOException {
        ImageStore store = new ImageStore(root);
        puller(store, registry.hostPort()).pull(registry.hostPort() + "/wh:1", null, PullProgress.NONE);
        List<Path> layers = store.resolve(registry.hostPort() + "/wh:1").orElseThrow().layers();
        assertThat(layers).hasSize(3);
        int mode = (Integer) Files.getAttribute(layers.get(2).resolve("etc/motd"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertThat(mode & 0170000).isEqualTo(FileNodes.S_IFCHR);
        assertThat(FileNodes.getXattrString(layers.get(2).resolve("var/cache"), "trusted.overlay.opaque")).isEqualTo("y");
    }

    @Test
    void picksLinuxAmd64FromAnIndex() throws IOException {
        Digest wh = registry.manifestDigest("busybox", "wh");
        long whSize = sizeOf("busybox", "wh");
        long bbSize = sizeOf("busybox", "1.0");
        var index = Json.newObject();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        var ms = index.putArray("manifests");
        var arm = ms.addObject();
        arm.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", wh.toString()).put("size", whSize);
        arm.putObject("platform").put("os", "linux").put("architecture", "arm64");
        var amd = ms.addObject();
        amd.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", busyboxManifest.toString()).put("size", bbSize);
        amd.putObject("platform").put("os", "linux").put("architecture", "amd64");
        byte[] document = Json.toBytes(index);
        registry.putManifest("busybox", "multi", MediaTypes.OCI_INDEX, document);

        ImageStore store = new ImageStore(root);
        Image image = puller(store, registry.hostPort()).pull(registry.hostPort() + "/busybox:multi", null, PullProgress.NONE);
        Image plain = puller(store, registry.hostPort()).pull(registry.hostPort() + "/busybox:1.0", null, PullProgress.NONE);
        assertThat(image.getId()).isEqualTo(plain.getId());
        assertThat(store.find(registry.hostPort() + "/busybox@" + Digest.of(document))).isPresent();
    }

    private long sizeOf(String repository, String tag) throws IOException {
        var client = new RegistryClient(java.net.http.HttpClient.newHttpClient(), URI.create("http://" + registry.hostPort()),
                registry.hostPort(), repository, RegistryAuth.ANONYMOUS);
        return client.manifest(tag).body().length;
    }

    @Test
    void missingImageIsNotFound() {
        ImageStore store = newStore();
        assertThatThrownBy(() -> puller(store, registry.hostPort()).pull(registry.hostPort() + "/nope:1", null, PullProgress.NONE))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND))
                .hasMessageContaining("not found in registry " + registry.hostPort());
    }

    @Test
    void unreachableRegistryIsUnavailableAndNamed() throws IOException {
        ImageStore store = newStore();
        String dead = "127.0.0.1:" + LocalRegistry.freePort();
        assertThatThrownBy(() -> puller(store, dead).pull(dead + "/x:1", null, PullProgress.NONE))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE))
                .hasMessageContaining("registry " + dead + " is unreachable");
    }

    @Test
    void tlsToAPlainHttpRegistrySuggestsInsecureRegistry() {
        ImageStore store = newStore();
        assertThatThrownBy(() -> puller(store).pull(registry.hostPort() + "/busybox:1.0", null, PullProgress.NONE))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE))
                .hasMessageContaining("--insecure-registry " + registry.hostPort());
    }

    @Test
    void dockerHubImagesComeFromTheFirstMirrorThatWorks() throws IOException {
        ImageStore store = new ImageStore(root);
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        URI deadMirror = closedLoopback();
        ImagePuller puller = new ImagePuller(store, new RegistryOptions(Set.of(),
                List.of(deadMirror, URI.create("http://" + registry.hostPort()))), closedLoopback());
        Image image = puller.pull("busybox:1.0", null, (m, d, t) -> messages.add(m));
        assertThat(image.getRepoTagsList()).containsExactly("docker.io/library/busybox:1.0");
        assertThat(messages).anyMatch(m -> m.startsWith("Mirror " + deadMirror + " failed"));
        assertThat(store.resolve("busybox:1.0")).isPresent();
    }

    @Test
    void corruptedBlobsAreRejectedAndNotKept() throws IOException {
        ImageStore store = new ImageStore(root);
        try (AuthProxy proxy = new AuthProxy(registry.hostPort(), AuthProxy.Mode.OPEN, null, null)) {
            proxy.corruptBlobs(true);
            assertThatThrownBy(() -> puller(store, proxy.hostPort()).pull(proxy.hostPort() + "/busybox:1.0", null, PullProgress.NONE))
                    .isInstanceOf(DigestMismatchException.class);
        }
        assertThat(store.list()).isEmpty();
        assertThat(store.blobs().all()).isEmpty();
    }

    @Test
    void bearerTokenAnonymous() throws IOException {
        ImageStore store = new ImageStore(root);
        try (AuthProxy proxy = new AuthProxy(registry.hostPort(), AuthProxy.Mode.BEARER, null, null)) {
            puller(store, proxy.hostPort()).pull(proxy.hostPort() + "/busybox:1.0", null, PullProgress.NONE);
            assertThat(proxy.tokenRequests).first().asString()
                    .contains("service=test-registry").contains("scope=repository%3Abusybox%3Apull");
        }
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void bearerTokenWithUserAndPassword() throws IOException {
        ImageStore store = new ImageStore(root);
        try (AuthProxy proxy = new AuthProxy(registry.hostPort(), AuthProxy.Mode.BEARER, "alice", "s3cret")) {
            String ref = proxy.hostPort() + "/busybox:1.0";
            assertThatThrownBy(() -> puller(store, proxy.hostPort()).pull(ref, new RegistryAuth("alice", "wrong", ""), PullProgress.NONE))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAUTHENTICATED))
                    .hasMessageContaining("refused the credentials of user alice");
            puller(store, proxy.hostPort()).pull(ref, new RegistryAuth("alice", "s3cret", ""), PullProgress.NONE);
        }
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void basicAuth() throws IOException {
        ImageStore store = new ImageStore(root);
        try (AuthProxy proxy = new AuthProxy(registry.hostPort(), AuthProxy.Mode.BASIC, "bob", "pw")) {
            String ref = proxy.hostPort() + "/busybox:1.0";
            assertThatThrownBy(() -> puller(store, proxy.hostPort()).pull(ref, null, PullProgress.NONE))
                    .hasMessageContaining("requires a user name and password");
            puller(store, proxy.hostPort()).pull(ref, new RegistryAuth("bob", "pw", ""), PullProgress.NONE);
        }
        assertThat(store.list()).hasSize(1);
    }

    private ImageStore newStore() {
        try {
            return new ImageStore(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
