package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.image.OciDocuments.Descriptor;
import io.jctl.runtime.image.OciDocuments.Manifest;
import io.jctl.runtime.image.RegistryException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pulls images from registries that speak the v2 API: resolves the reference to a manifest
 * (picking linux/amd64 from a manifest list or OCI index), streams missing blobs into the blob
 * store verifying each digest, then commits the image, which unpacks its layers. Docker Hub
 * images are tried at the configured mirrors first.
 */
public final class ImagePuller {
    private static final URI DOCKER_HUB = URI.create("https://registry-1.docker.io");

    private final ImageStore store;
    private final RegistryOptions options;
    private HttpClient http;
    private final URI dockerHub;

    public ImagePuller(ImageStore store, RegistryOptions options) {
        this(store, options, DOCKER_HUB);
    }

    /** With another address for Docker Hub itself: tests point it at loopback so that nothing leaves the machine. */
    ImagePuller(ImageStore store, RegistryOptions options, URI dockerHub) {
        this.store = store;
        this.options = options;
        this.dockerHub = dockerHub;
    }

    /** Made at the first pull: an idle runtime that never pulls keeps no HTTP selector thread. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return http;
    }

    /** Pulls {@code reference} and returns the stored image. */
    public Image pull(String reference, RegistryAuth auth, PullProgress progress) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        List<URI> endpoints = endpoints(ref.registry());
        RegistryException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            URI endpoint = endpoints.get(i);
            RegistryClient client = new RegistryClient(http(), endpoint, ref.registry(), ref.repository(),
                    auth == null ? RegistryAuth.ANONYMOUS : auth);
            try {
                return pullFrom(client, ref, progress);
            } catch (RegistryException e) {
                if (i == endpoints.size() - 1) {
                    if (last != null && e.kind() == Kind.UNAVAILABLE) {
                        e.addSuppressed(last);
                    }
                    throw e;
                }
                progress.report("Mirror " + endpoint + " failed (" + e.getMessage() + "); trying the next endpoint", 0, 0);
                last = e;
            }
        }
        throw new IllegalStateException("no endpoint for " + ref.registry());
    }

    /** The base URLs to try for a registry, in order. */
    List<URI> endpoints(String registry) {
        List<URI> result = new ArrayList<>();
        if (registry.equals(ImageReference.DOCKER_HUB)) {
            result.addAll(options.dockerHubMirrors());
            result.add(dockerHub);
            return result;
        }
        boolean insecure = options.insecureRegistries().contains(registry.toLowerCase(Locale.ROOT));
        result.add(URI.create((insecure ? "http://" : "https://") + registry));
        return result;
    }

    private Image pullFrom(RegistryClient client, ImageReference ref, PullProgress progress) throws IOException {
        progress.report("Resolving " + ref + " at " + client.where(), 0, 0);
        RegistryClient.Fetched top = client.manifest(ref.manifestReference());
        if (ref.digest() != null && !ref.digest().equals(top.digest())) {
            throw new DigestMismatchException("manifest of " + ref, ref.digest(), top.digest());
        }
        RegistryClient.Fetched image = top;
        if (OciDocuments.isIndex(top.body(), top.mediaType())) {
            Descriptor picked = OciDocuments.pickPlatform(OciDocuments.parseIndex(top.body()));
            if (picked == null) {
                throw new RegistryException(Kind.NOT_FOUND, ref + " has no linux/amd64 image in its manifest list at "
                        + client.where());
            }
            progress.report("Picked linux/amd64 manifest " + picked.digest(), 0, 0);
            image = client.manifest(picked.digest().toString());
            if (!image.digest().equals(picked.digest())) {
                throw new DigestMismatchException("linux/amd64 manifest of " + ref, picked.digest(), image.digest());
            }
        }
        Manifest manifest = OciDocuments.parseManifest(image.body());
        String mediaType = MediaTypes.MANIFESTS.contains(image.mediaType()) ? image.mediaType() : manifest.mediaType();
        try (ImageStore.Lease lease = store.lease()) {
            lease.add(image.digest());
            lease.add(manifest.config().digest());
            manifest.layers().forEach(l -> lease.add(l.digest()));
            fetch(client, manifest.config(), "config", progress);
            long total = manifest.layers().stream().mapToLong(l -> Math.max(0, l.size())).sum();
            for (Descriptor layer : manifest.layers()) {
                if (layer.mediaType().contains("foreign")) {
                    throw new RegistryException(Kind.PROTOCOL, ref + " has a foreign (non-distributable) layer; it is not a Linux image");
                }
                fetch(client, layer, "layer", progress);
            }
            store.blobs().put(image.body());
            progress.report("Unpacking " + manifest.layers().size() + " layers (" + human(total) + ")", total, total);
            Set<ImageReference> names = new LinkedHashSet<>();
            if (ref.tag() != null) {
                names.add(ref.withTag(ref.tag()));
            }
            names.add(ref.withDigest(top.digest()));
            Image result = store.commit(image.digest(), mediaType, names);
            progress.report("Pulled " + ref + " as " + result.getId(), total, total);
            return result;
        }
    }

    private void fetch(RegistryClient client, Descriptor d, String what, PullProgress progress) throws IOException {
        String shortId = d.digest().shortHex();
        if (store.blobs().contains(d.digest())) {
            progress.report(what + " " + shortId + ": already exists", d.size(), d.size());
            return;
        }
        progress.report(what + " " + shortId + ": downloading " + human(d.size()), 0, d.size());
        RegistryClient.Blob blob = client.blob(d.digest());
        try (InputStream in = blob.body()) {
            store.blobs().put(in, d.digest(), d.size(), what + " " + d.digest() + " from " + client.where(),
                    done -> progress.report(what + " " + shortId + ": " + human(done) + " of " + human(d.size()), done, d.size()));
        }
        progress.report(what + " " + shortId + ": download complete", d.size(), d.size());
    }

    static String human(long bytes) {
        if (bytes < 0) {
            return "? B";
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
