package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.image.OciDocuments.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Makes a one-layer image from a root filesystem directory on the runtime's host. */
final class RootfsImporter {
    private final ImageStore store;

    RootfsImporter(ImageStore store) {
        this.store = store;
    }

    /**
     * @param created the image's creation time and the latest file time in its layer; null means
     *                the newest modification time in the tree, so that the same tree gives the same image id
     */
    Image importRootfs(Path dir, ImageConfig config, List<String> tags, Instant created) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("root filesystem " + dir + " is not a directory on the runtime's host");
        }
        List<ImageReference> names = new ArrayList<>();
        for (String tag : tags) {
            names.add(ImageReference.parse(tag));
        }
        Instant when = created != null ? created : newestModification(dir);
        BlobStore blobs = store.blobs();
        try (ImageStore.Lease lease = store.lease()) {
            Path tmp = Files.createTempFile(store.root().resolve("images").resolve("ingest"), "rootfs", ".tar");
            Digest layer;
            long layerSize;
            try {
                try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
                    LayerWriter.write(dir, out, when);
                }
                layerSize = Files.size(tmp);
                try (InputStream in = Files.newInputStream(tmp)) {
                    layer = blobs.put(in, null, layerSize, "layer of " + dir, null);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            lease.add(layer);
            // An uncompressed layer: its blob digest is its diff id.
            byte[] configJson = OciDocuments.writeConfig(config, List.of(layer), when);
            Digest configDigest = blobs.put(configJson);
            lease.add(configDigest);
            byte[] manifest = OciDocuments.writeManifest(
                    new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configJson.length),
                    List.of(new Descriptor(MediaTypes.OCI_LAYER, layer, layerSize)));
            Digest manifestDigest = blobs.put(manifest);
            lease.add(manifestDigest);
            return store.commit(manifestDigest, MediaTypes.OCI_MANIFEST, names);
        }
    }

    private static Instant newestModification(Path dir) throws IOException {
        long newest = 0;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                newest = Math.max(newest, Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis());
            }
        }
        return Instant.ofEpochSecond(newest / 1000);
    }
}
