package io.jctl.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.image.OciDocuments.Descriptor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Imports image archives: {@code docker save} tarballs ({@code manifest.json} with config and
 * layer files, and the image's RepoTags) and OCI archives (an OCI image layout in a tar). The
 * archive is read once: small files are kept in memory, large ones streamed straight into the
 * blob store; OCI blobs are checked against the digests in their names.
 */
final class ArchiveImporter {
    private static final int SMALL = 1 << 20;
    private final ImageStore store;

    ArchiveImporter(ImageStore store) {
        this.store = store;
    }

    /** A file of the archive: its bytes when small, else the blob it was stored as. */
    private record Member(byte[] bytes, Digest blob, long size) {
    }

    List<Image> importArchive(Path tarball, List<String> tags) throws IOException {
        List<ImageReference> extraNames = new ArrayList<>();
        for (String tag : tags) {
            extraNames.add(ImageReference.parse(tag));
        }
        try (ImageStore.Lease lease = store.lease()) {
            Map<String, Member> members = read(tarball, lease);
            if (members.containsKey("manifest.json")) {
                return importDockerArchive(members, extraNames, lease, tarball);
            }
            if (members.containsKey("index.json") && members.containsKey("oci-layout")) {
                return importOciArchive(members, extraNames, lease, tarball);
            }
            throw new IOException(tarball + " is neither a `docker save` archive (no manifest.json) nor an OCI archive "
                    + "(no oci-layout and index.json)");
        }
    }

    private Map<String, Member> read(Path tarball, ImageStore.Lease lease) throws IOException {
        Map<String, Member> members = new HashMap<>();
        Map<String, String> symlinks = new HashMap<>();
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(tarball), 256 * 1024);
        } catch (NoSuchFileException e) {
            throw new IOException("archive " + tarball + " does not exist on the runtime's host");
        }
        try (InputStream in = raw) {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
            TarArchiveInputStream tar = new TarArchiveInputStream(data, "UTF-8");
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = LayerUnpacker.cleanName(entry.getName());
                if (name == null) {
                    continue;
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    String target = entry.getLinkName();
                    if (entry.isSymbolicLink() && !target.startsWith("/")) {
                        int slash = name.lastIndexOf('/');
                        target = (slash < 0 ? "" : name.substring(0, slash + 1)) + target;
                    }
                    String resolved = resolveInArchive(target);
                    if (resolved != null) {
                        symlinks.put(name, resolved);
                    }
                } else if (entry.isFile()) {
                    if (entry.getSize() <= SMALL) {
                        members.put(name, new Member(tar.readAllBytes(), null, entry.getSize()));
                    } else {
                        Digest expected = name.startsWith("blobs/sha256/") ? parseBlobName(name) : null;
                        Digest blob = store.blobs().put(tar, expected, entry.getSize(), tarball + ":" + name, null);
                        lease.add(blob);
                        members.put(name, new Member(null, blob, entry.getSize()));
                    }
                }
            }
        } catch (java.util.zip.ZipException | IllegalArgumentException e) {
            throw new IOException(tarball + " is not a valid tar archive: " + e.getMessage());
        }
        // Legacy `docker save` links duplicate layers to the first copy.
        for (var link : symlinks.entrySet()) {
            Member target = members.get(link.getValue());
            if (target != null) {
                members.putIfAbsent(link.getKey(), target);
            }
        }
        return members;
    }

    private List<Image> importDockerArchive(Map<String, Member> members, List<ImageReference> extraNames,
                                            ImageStore.Lease lease, Path tarball) throws IOException {
        JsonNode manifest = json(members, "manifest.json");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new IOException(tarball + ": manifest.json lists no images");
        }
        checkTagsFit(extraNames, manifest.size(), tarball);
        List<Image> result = new ArrayList<>();
        for (JsonNode image : manifest) {
            String configName = image.path("Config").asText("");
            Member configMember = member(members, configName, tarball);
            byte[] configJson = bytes(configMember);
            Digest configDigest = store.blobs().put(configJson);
            lease.add(configDigest);
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode layerName : image.path("Layers")) {
                Member layer = member(members, layerName.asText(), tarball);
                Digest digest = layer.blob() != null ? layer.blob() : store.blobs().put(layer.bytes());
                lease.add(digest);
                layers.add(new Descriptor(isGzip(layer, digest) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER,
                        digest, layer.size()));
            }
            byte[] manifestJson = OciDocuments.writeManifest(
                    new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configJson.length), layers);
            Digest manifestDigest = store.blobs().put(manifestJson);
            lease.add(manifestDigest);
            Set<ImageReference> names = new LinkedHashSet<>();
            for (JsonNode tag : image.path("RepoTags")) {
                names.add(ImageReference.parse(tag.asText()));
            }
            names.addAll(extraNames);
            result.add(store.commit(manifestDigest, MediaTypes.OCI_MANIFEST, names));
        }
        return result;
    }

    private List<Image> importOciArchive(Map<String, Member> members, List<ImageReference> extraNames,
                                         ImageStore.Lease lease, Path tarball) throws IOException {
        List<Descriptor> entries = OciDocuments.parseIndex(bytes(member(members, "index.json", tarball)));
        List<Descriptor> images = new ArrayList<>();
        for (Descriptor d : entries) {
            if (MediaTypes.INDEXES.contains(d.mediaType())) {
                Descriptor picked = OciDocuments.pickPlatform(OciDocuments.parseIndex(blob(members, d, lease, tarball)));
                if (picked == null) {
                    throw new IOException(tarball + ": the index " + d.digest() + " has no linux/amd64 image");
                }
                images.add(new Descriptor(picked.mediaType(), picked.digest(), picked.size(), null, null, null, d.annotations()));
            } else if (d.os() == null || ("linux".equals(d.os()) && "amd64".equals(d.architecture()))) {
                images.add(d);
            }
        }
        if (images.isEmpty()) {
            throw new IOException(tarball + ": the OCI archive has no linux/amd64 image");
        }
        checkTagsFit(extraNames, images.size(), tarball);
        List<Image> result = new ArrayList<>();
        for (Descriptor d : images) {
            OciDocuments.Manifest manifest = OciDocuments.parseManifest(blob(members, d, lease, tarball));
            blob(members, manifest.config(), lease, tarball);
            for (Descriptor layer : manifest.layers()) {
                blob(members, layer, lease, tarball);
            }
            Set<ImageReference> names = new LinkedHashSet<>();
            String fullName = d.annotations().get("io.containerd.image.name");
            String refName = d.annotations().get(OciDocuments.REF_NAME);
            if (fullName != null) {
                names.add(ImageReference.parse(fullName));
            } else if (refName != null && (refName.contains("/") || refName.contains(":")) ) {
                names.add(ImageReference.parse(refName));
            }
            // A bare ref.name ("latest", as skopeo writes it) names no repository: the given tags do.
            names.addAll(extraNames);
            result.add(store.commit(d.digest(), manifest.mediaType(), names));
        }
        return result;
    }

    /** Makes sure the blob is in the store (verified) and returns its bytes when small. */
    private byte[] blob(Map<String, Member> members, Descriptor d, ImageStore.Lease lease, Path tarball) throws IOException {
        lease.add(d.digest());
        Member m = member(members, "blobs/sha256/" + d.digest().hex(), tarball);
        if (m.blob() != null) {
            boolean document = MediaTypes.MANIFESTS.contains(d.mediaType()) || MediaTypes.INDEXES.contains(d.mediaType());
            return document ? store.blobs().read(d.digest()) : null;
        }
        Digest actual = Digest.of(m.bytes());
        if (!actual.equals(d.digest())) {
            throw new DigestMismatchException(tarball + ":blobs/sha256/" + d.digest().hex(), d.digest(), actual);
        }
        store.blobs().put(m.bytes());
        return m.bytes();
    }

    private static void checkTagsFit(List<ImageReference> extraNames, int images, Path tarball) {
        if (!extraNames.isEmpty() && images > 1) {
            throw new IllegalArgumentException(tarball + " holds " + images + " images; tags can be given only for an "
                    + "archive with one image");
        }
    }

    private static Member member(Map<String, Member> members, String name, Path tarball) throws IOException {
        String clean = LayerUnpacker.cleanName(name);
        Member m = clean == null ? null : members.get(clean);
        if (m == null) {
            throw new IOException(tarball + " is incomplete: it has no " + name);
        }
        return m;
    }

    private static JsonNode json(Map<String, Member> members, String name) throws IOException {
        Member m = members.get(name);
        if (m.bytes() == null) {
            throw new IOException(name + " is too large");
        }
        try {
            return io.jctl.api.json.Json.mapper().readTree(m.bytes());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(name + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] bytes(Member m) throws IOException {
        if (m.bytes() == null) {
            throw new IOException("an image document larger than " + SMALL + " bytes is not supported");
        }
        return m.bytes();
    }

    private boolean isGzip(Member m, Digest digest) throws IOException {
        if (m.bytes() != null) {
            return m.bytes().length > 1 && (m.bytes()[0] & 0xff) == 0x1f && (m.bytes()[1] & 0xff) == 0x8b;
        }
        try (InputStream in = Files.newInputStream(store.blobs().path(digest))) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static Digest parseBlobName(String name) {
        try {
            return new Digest(name.substring("blobs/sha256/".length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A link target as a path inside the archive ({@code a/../b} is {@code b}); null if it leaves the archive. */
    static String resolveInArchive(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
