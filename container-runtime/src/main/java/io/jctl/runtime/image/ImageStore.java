package io.jctl.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.image.OciDocuments.Config;
import io.jctl.runtime.image.OciDocuments.Descriptor;
import io.jctl.runtime.image.OciDocuments.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's images: an OCI image layout under {@code <root>/images} (blobs by digest, and an
 * {@code index.json} naming each stored manifest by reference) and every layer unpacked once,
 * in overlayfs form, under {@code <root>/layers/sha256/<diff id>}. Several names may point at one
 * manifest and several images may share blobs and layers; removing an image deletes only what no
 * other image still needs. Safe for concurrent use.
 */
public final class ImageStore implements ImageLookup {
    /** The runtime root used when none is given. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/jctl/runtime");
    private static final Pattern HEX_PREFIX = Pattern.compile("(sha256:)?[a-f0-9]{6,64}");

    private final Path root;
    private final Path layoutDir;
    private final Path indexFile;
    private final Path layersDir;
    private final Path layersTmp;
    private final BlobStore blobs;
    private final ImageUsage usage;
    private final Object lock = new Object();
    /** The index: one entry per (name, manifest); a manifest with no name has one entry with a null name. */
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Digest, Parsed> parsed = new ConcurrentHashMap<>();
    private final Map<Digest, Integer> leased = new HashMap<>();
    private final Set<Lease> openLeases = new HashSet<>();
    private final Map<Digest, Object> unpackLocks = new ConcurrentHashMap<>();

    private record Entry(String name, Digest manifest, String mediaType, long size) {
    }

    /** A stored manifest with its config, parsed once. */
    private record Parsed(Digest manifestDigest, Manifest manifest, Digest configDigest, Config config) {
    }

    /** An image store under {@code root} in which no image counts as in use. */
    public ImageStore(Path root) throws IOException {
        this(root, imageId -> false);
    }

    /**
     * Opens (or creates) the store under {@code root}.
     *
     * @param usage asked before an image is removed; typically the container store
     */
    public ImageStore(Path root, ImageUsage usage) throws IOException {
        this.root = root;
        this.layoutDir = root.resolve("images");
        this.indexFile = layoutDir.resolve("index.json");
        this.layersDir = root.resolve("layers").resolve("sha256");
        this.layersTmp = root.resolve("layers").resolve("tmp");
        this.usage = usage;
        Files.createDirectories(layoutDir);
        Files.createDirectories(layersDir);
        this.blobs = new BlobStore(layoutDir);
        Path ociLayout = layoutDir.resolve("oci-layout");
        if (!Files.exists(ociLayout)) {
            Files.writeString(ociLayout, "{\"imageLayoutVersion\":\"1.0.0\"}");
        }
        // A crash during an unpack leaves only a temp directory, never a half layer in layers/sha256.
        LayerUnpacker.deleteTree(layersTmp);
        Files.createDirectories(layersTmp);
        loadIndex();
    }

    public Path root() {
        return root;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Every image, one per image id, with all of its names. */
    public List<Image> list() throws IOException {
        synchronized (lock) {
            Map<Digest, List<Entry>> byId = new LinkedHashMap<>();
            for (Entry e : entries) {
                byId.computeIfAbsent(parsed(e.manifest()).configDigest(), k -> new ArrayList<>()).add(e);
            }
            List<Image> result = new ArrayList<>();
            for (List<Entry> group : byId.values()) {
                result.add(toImage(group));
            }
            return result;
        }
    }

    /** The image a user means by {@code referenceOrId}: a reference, an image id, or an id prefix of ≥ 6 hex digits. */
    public Optional<Image> find(String referenceOrId) throws IOException {
        synchronized (lock) {
            List<Entry> group = lookup(referenceOrId);
            return group.isEmpty() ? Optional.empty() : Optional.of(toImage(group));
        }
    }

    @Override
    public Optional<ResolvedImage> resolve(String referenceOrId) throws IOException {
        List<Entry> group;
        synchronized (lock) {
            group = lookup(referenceOrId);
        }
        if (group.isEmpty()) {
            return Optional.empty();
        }
        Parsed p = parsed(group.get(0).manifest());
        List<Path> layers = ensureUnpacked(p);
        String reference = group.stream().map(Entry::name).filter(n -> n != null).findFirst().orElse(p.configDigest().toString());
        if (!Digest.isDigest(referenceOrId) && !HEX_PREFIX.matcher(referenceOrId).matches()) {
            reference = ImageReference.parse(referenceOrId).toString();
        }
        return Optional.of(new ResolvedImage(p.configDigest().toString(), reference, layers, p.config().config()));
    }

    /** Removes an image with all its names, then the blobs and layers no other image needs. */
    public void remove(String referenceOrId) throws IOException {
        synchronized (lock) {
            List<Entry> group = lookup(referenceOrId);
            if (group.isEmpty()) {
                throw new ImageNotFoundException(referenceOrId);
            }
            Digest id = parsed(group.get(0).manifest()).configDigest();
            if (usage.inUse(id.toString())) {
                throw new ImageInUseException(referenceOrId);
            }
            entries.removeAll(group);
            saveIndex();
            collectGarbage();
        }
    }

    /** Gives an existing image one more name. */
    public Image tag(String referenceOrId, String newReference) throws IOException {
        ImageReference name = ImageReference.parse(newReference);
        synchronized (lock) {
            List<Entry> group = lookup(referenceOrId);
            if (group.isEmpty()) {
                throw new ImageNotFoundException(referenceOrId);
            }
            Entry e = group.get(0);
            name(name.toString(), e.manifest(), e.mediaType(), e.size());
            saveIndex();
            return toImage(lookup(name.toString()));
        }
    }

    /** Imports a {@code docker save} or OCI archive tarball (plain or gzip). */
    public List<Image> importArchive(Path tarball, List<String> tags) throws IOException {
        return new ArchiveImporter(this).importArchive(tarball, tags);
    }

    /** Makes a one-layer image from a root filesystem directory with the given config. */
    public Image importRootfs(Path dir, ImageConfig config, List<String> tags) throws IOException {
        return new RootfsImporter(this).importRootfs(dir, config, tags, null);
    }

    /**
     * Records a manifest whose blobs (manifest, config, layers) are all stored, unpacks its
     * layers and points {@code names} at it; an unnamed manifest is kept as an untagged image.
     * A name that pointed at another manifest moves; that image stays, untagged if it has no name left.
     */
    Image commit(Digest manifestDigest, String mediaType, Collection<ImageReference> names) throws IOException {
        Parsed p = parse(manifestDigest);
        try (Lease lease = lease()) {
            p.config().diffIds().forEach(lease::add);
            ensureUnpacked(p);
            long size = blobs.size(manifestDigest).orElseThrow();
            synchronized (lock) {
                for (ImageReference name : names) {
                    name(name.toString(), manifestDigest, mediaType, size);
                }
                if (entries.stream().noneMatch(e -> e.manifest().equals(manifestDigest))) {
                    entries.add(new Entry(null, manifestDigest, mediaType, size));
                }
                saveIndex();
                return toImage(byId(p.configDigest()));
            }
        }
    }

    /** Whether the store already has this manifest with all its layers unpacked (a pull can skip it). */
    boolean isComplete(Digest manifestDigest) {
        try {
            if (!blobs.contains(manifestDigest)) {
                return false;
            }
            Parsed p = parse(manifestDigest);
            for (Digest diffId : p.config().diffIds()) {
                if (!Files.isDirectory(layerDir(diffId))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Keeps blobs and layers from garbage collection while a pull or import that has stored them
     * has not yet committed its manifest.
     */
    Lease lease() {
        return new Lease();
    }

    final class Lease implements AutoCloseable {
        private final List<Digest> held = new ArrayList<>();
        private final long startedMillis = System.currentTimeMillis() - 1000;

        Lease() {
            synchronized (lock) {
                openLeases.add(this);
            }
        }

        void add(Digest digest) {
            synchronized (lock) {
                leased.merge(digest, 1, Integer::sum);
                held.add(digest);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                for (Digest d : held) {
                    leased.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
                }
                held.clear();
                openLeases.remove(this);
            }
        }
    }

    Path layerDir(Digest diffId) {
        return layersDir.resolve(diffId.hex());
    }

    private void name(String name, Digest manifest, String mediaType, long size) {
        Entry previous = null;
        for (Entry e : entries) {
            if (name.equals(e.name())) {
                previous = e;
            }
        }
        if (previous != null && previous.manifest().equals(manifest)) {
            return;
        }
        if (previous != null) {
            entries.remove(previous);
            Digest old = previous.manifest();
            if (entries.stream().noneMatch(e -> e.manifest().equals(old))) {
                entries.add(new Entry(null, old, previous.mediaType(), previous.size()));
            }
        }
        entries.removeIf(e -> e.name() == null && e.manifest().equals(manifest));
        entries.add(new Entry(name, manifest, mediaType, size));
    }

    /** The index entries of the image a user means, all of them (every name of that image id). */
    private List<Entry> lookup(String referenceOrId) throws IOException {
        String text = referenceOrId.toLowerCase(Locale.ROOT).equals(referenceOrId) ? referenceOrId : null;
        if (text != null && Digest.isDigest(text)) {
            return byId(Digest.parse(text));
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(referenceOrId);
        } catch (InvalidReferenceException e) {
            if (text == null || !HEX_PREFIX.matcher(text).matches()) {
                throw e;
            }
        }
        if (ref != null) {
            Digest manifest = null;
            String pinned = ref.digest() != null ? ref.name() + "@" + ref.digest() : null;
            for (Entry e : entries) {
                if (ref.toString().equals(e.name()) || (pinned != null && pinned.equals(e.name()))) {
                    manifest = e.manifest();
                }
            }
            if (manifest == null && ref.digest() != null) {
                // name@<manifest digest> finds the manifest even when it was pulled through a list.
                for (Entry e : entries) {
                    if (e.manifest().equals(ref.digest()) && e.name() != null
                            && ImageReference.parse(e.name()).name().equals(ref.name())) {
                        manifest = e.manifest();
                    }
                }
            }
            if (manifest != null) {
                return byId(parsed(manifest).configDigest());
            }
        }
        if (text != null && HEX_PREFIX.matcher(text).matches()) {
            String hex = text.startsWith("sha256:") ? text.substring(7) : text;
            Set<Digest> ids = new HashSet<>();
            for (Entry e : entries) {
                Digest id = parsed(e.manifest()).configDigest();
                if (id.hex().startsWith(hex)) {
                    ids.add(id);
                }
            }
            if (ids.size() > 1) {
                throw new InvalidReferenceException(referenceOrId, "the id prefix matches " + ids.size() + " images; give more digits");
            }
            if (ids.size() == 1) {
                return byId(ids.iterator().next());
            }
        }
        return List.of();
    }

    private List<Entry> byId(Digest id) throws IOException {
        List<Entry> result = new ArrayList<>();
        for (Entry e : entries) {
            if (parsed(e.manifest()).configDigest().equals(id)) {
                result.add(e);
            }
        }
        return result;
    }

    private Image toImage(List<Entry> group) throws IOException {
        Parsed p = parsed(group.get(0).manifest());
        Image.Builder b = Image.newBuilder().setId(p.configDigest().toString()).setConfig(p.config().config());
        long size = p.manifest().config().size();
        for (Descriptor layer : p.manifest().layers()) {
            size += Math.max(0, layer.size());
        }
        b.setSize(size);
        if (p.config().created() != null) {
            b.setCreatedAtUnixNanos(p.config().created().getEpochSecond() * 1_000_000_000L + p.config().created().getNano());
        }
        for (Entry e : group) {
            if (e.name() == null) {
                continue;
            }
            ImageReference ref = ImageReference.parse(e.name());
            if (ref.digest() != null) {
                b.addRepoDigests(ref.name() + "@" + ref.digest());
            } else {
                b.addRepoTags(ref.toString());
            }
        }
        return b.build();
    }

    private Parsed parsed(Digest manifestDigest) throws IOException {
        Parsed p = parsed.get(manifestDigest);
        return p != null ? p : parse(manifestDigest);
    }

    private Parsed parse(Digest manifestDigest) throws IOException {
        Parsed cached = parsed.get(manifestDigest);
        if (cached != null) {
            return cached;
        }
        if (!blobs.contains(manifestDigest)) {
            throw new IOException("manifest " + manifestDigest + " is missing from the blob store " + layoutDir);
        }
        Manifest manifest = OciDocuments.parseManifest(blobs.read(manifestDigest));
        Digest configDigest = manifest.config().digest();
        if (!blobs.contains(configDigest)) {
            throw new IOException("image config " + configDigest + " is missing from the blob store " + layoutDir);
        }
        Config config = OciDocuments.parseConfig(blobs.read(configDigest));
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new IOException("image " + configDigest + " lists " + manifest.layers().size() + " layers but its config "
                    + config.diffIds().size() + " diff ids");
        }
        Parsed p = new Parsed(manifestDigest, manifest, configDigest, config);
        parsed.put(manifestDigest, p);
        return p;
    }

    /** Unpacks the layers not yet unpacked; returns the layer directories, lowest first. */
    private List<Path> ensureUnpacked(Parsed p) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < p.manifest().layers().size(); i++) {
            Descriptor layer = p.manifest().layers().get(i);
            Digest diffId = p.config().diffIds().get(i);
            Path target = layerDir(diffId);
            dirs.add(target);
            if (Files.isDirectory(target)) {
                continue;
            }
            synchronized (unpackLocks.computeIfAbsent(diffId, k -> new Object())) {
                if (Files.isDirectory(target)) {
                    continue;
                }
                if (!blobs.contains(layer.digest())) {
                    throw new IOException("layer " + layer.digest() + " of image " + p.configDigest()
                            + " is missing from the blob store; pull or import the image again");
                }
                Path tmp = Files.createTempDirectory(layersTmp, diffId.shortHex());
                try {
                    Digest actual;
                    try (InputStream in = Files.newInputStream(blobs.path(layer.digest()))) {
                        actual = LayerUnpacker.unpack(in, tmp);
                    }
                    if (!actual.equals(diffId)) {
                        throw new DigestMismatchException("layer " + layer.digest() + " (uncompressed)", diffId, actual);
                    }
                    LayerUnpacker.moveIntoPlace(tmp, target);
                } finally {
                    LayerUnpacker.deleteTree(tmp);
                }
            }
        }
        return dirs;
    }

    /** Deletes blobs and layer directories that no stored manifest (and no running pull) refers to. */
    private void collectGarbage() throws IOException {
        Set<Digest> liveBlobs = new HashSet<>(leased.keySet());
        Set<Digest> liveLayers = new HashSet<>(leased.keySet());
        for (Entry e : entries) {
            Parsed p = parsed(e.manifest());
            liveBlobs.add(e.manifest());
            liveBlobs.add(p.configDigest());
            p.manifest().layers().forEach(l -> liveBlobs.add(l.digest()));
            liveLayers.addAll(p.config().diffIds());
        }
        // A blob stored by a pull or import still running is not yet named by the index.
        long oldestLease = openLeases.stream().mapToLong(l -> l.startedMillis).min().orElse(Long.MAX_VALUE);
        for (Digest d : blobs.all()) {
            if (!liveBlobs.contains(d) && Files.getLastModifiedTime(blobs.path(d)).toMillis() < oldestLease) {
                blobs.delete(d);
                parsed.remove(d);
            }
        }
        try (Stream<Path> dirs = Files.list(layersDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Digest d;
                try {
                    d = new Digest(dir.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (!liveLayers.contains(d)) {
                    // Rename first so that a half-deleted layer is never found under its name.
                    Path doomed = layersTmp.resolve("deleting-" + d.hex());
                    Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                    LayerUnpacker.deleteTree(doomed);
                }
            }
        }
    }

    private void loadIndex() throws IOException {
        if (!Files.exists(indexFile)) {
            return;
        }
        JsonNode index = OciDocuments.read(Files.readAllBytes(indexFile), indexFile.toString());
        for (JsonNode m : index.path("manifests")) {
            Descriptor d = OciDocuments.descriptor(m);
            String name = d.annotations().get(OciDocuments.REF_NAME);
            entries.add(new Entry(name, d.digest(), d.mediaType(), d.size()));
        }
    }

    /** Writes index.json atomically: a complete temp file, synced, renamed over the old one. */
    private void saveIndex() throws IOException {
        List<Descriptor> manifests = new ArrayList<>();
        for (Entry e : entries) {
            manifests.add(new Descriptor(e.mediaType(), e.manifest(), e.size(), null, null, null,
                    e.name() == null ? Map.of() : Map.of(OciDocuments.REF_NAME, e.name())));
        }
        byte[] content = OciDocuments.writeIndex(manifests);
        Path tmp = layoutDir.resolve("index.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        Files.move(tmp, indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
