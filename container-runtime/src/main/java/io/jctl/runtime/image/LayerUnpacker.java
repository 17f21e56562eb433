package io.jctl.runtime.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.stream.Stream;

/**
 * Unpacks one layer tarball (gzip or plain) into its own directory in overlayfs form, so that
 * the directory can be stacked as a lowerdir under any image that shares the layer: an OCI
 * whiteout {@code .wh.<name>} becomes a character device 0:0 named {@code <name>}, and an opaque
 * marker {@code .wh..wh..opq} becomes the {@code trusted.overlay.opaque=y} attribute on its
 * directory. Modes, ownership, times, symlinks, hardlinks, devices, fifos and xattrs are kept.
 * Entries may not leave the layer directory, neither by {@code ..} nor through a symlink.
 */
public final class LayerUnpacker {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private LayerUnpacker() {
    }

    /**
     * Unpacks {@code blob} into {@code target} (an existing, empty directory) and returns the
     * layer's diff id: the sha256 of the uncompressed tar stream.
     */
    public static Digest unpack(InputStream blob, Path target) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        InputStream tar;
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            tar = new GZIPInputStream(in, 64 * 1024);
        } else if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            throw new IOException("zstd-compressed layers are not supported; push the image with gzip layers");
        } else {
            tar = in;
        }
        MessageDigest md = Digest.sha256();
        DigestInputStream digesting = new DigestInputStream(tar, md);
        new Extraction(target).run(new TarArchiveInputStream(digesting, StandardCharsets.UTF_8.name()));
        // The diff id covers the whole stream, including the padding after the end-of-archive blocks.
        digesting.transferTo(java.io.OutputStream.nullOutputStream());
        return Digest.of(md);
    }

    /** The entry's path inside the layer, normalised, or null for the layer root itself. */
    static String cleanName(String raw) throws IOException {
        String name = raw;
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IOException("layer entry \"" + raw + "\" points outside the layer");
            }
            parts.add(part);
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private static final class Extraction {
        private final Path root;
        private final List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();

        Extraction(Path root) {
            this.root = root;
        }

        void run(TarArchiveInputStream tar) throws IOException {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = cleanName(entry.getName());
                if (name == null) {
                    if (entry.isDirectory()) {
                        applyMetadata(root, entry, true);
                    }
                    continue;
                }
                int slash = name.lastIndexOf('/');
                String base = name.substring(slash + 1);
                Path parent = ensureParent(name);
                if (base.equals(OPAQUE_MARKER)) {
                    FileNodes.setXattr(parent, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                if (base.startsWith(WHITEOUT_PREFIX)) {
                    String hidden = base.substring(WHITEOUT_PREFIX.length());
                    if (hidden.startsWith(WHITEOUT_PREFIX) || hidden.isEmpty()) {
                        continue; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content
                    }
                    Path path = parent.resolve(hidden);
                    removeExisting(path);
                    FileNodes.whiteout(path);
                    continue;
                }
                Path path = parent.resolve(base);
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(path, NOFOLLOW)) {
                        removeExisting(path);
                        Files.createDirectory(path);
                    }
                    applyMetadata(path, entry, true);
                } else if (entry.isSymbolicLink()) {
                    removeExisting(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    applyMetadata(path, entry, false);
                } else if (entry.isLink()) {
                    String targetName = cleanName(entry.getLinkName());
                    if (targetName == null) {
                        throw new IOException("layer entry \"" + entry.getName() + "\" is a hardlink to the layer root");
                    }
                    Path linkTarget = root.resolve(targetName);
                    ensureParent(targetName);
                    if (!Files.exists(linkTarget, NOFOLLOW)) {
                        throw new IOException("layer entry \"" + entry.getName() + "\" is a hardlink to \""
                                + entry.getLinkName() + "\", which comes later or not at all in the layer");
                    }
                    if (!path.equals(linkTarget)) {
                        removeExisting(path);
                        Files.createLink(path, linkTarget);
                    }
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    removeExisting(path);
                    int type = entry.isCharacterDevice() ? FileNodes.S_IFCHR
                            : entry.isBlockDevice() ? FileNodes.S_IFBLK : FileNodes.S_IFIFO;
                    FileNodes.mknod(path, type | 0600, entry.getDevMajor(), entry.getDevMinor());
                    applyMetadata(path, entry, false);
                } else if (entry.isFile()) {
                    removeExisting(path);
                    Files.copy(tar, path);
                    applyMetadata(path, entry, false);
                } else {
                    throw new IOException("layer entry \"" + entry.getName() + "\" has an unsupported type");
                }
            }
            // Directory times last, deepest first: creating their children changed them.
            for (int i = directoryTimes.size() - 1; i >= 0; i--) {
                var e = directoryTimes.get(i);
                FileNodes.setTimes(e.getKey(), e.getValue());
            }
        }

        /** Creates the entry's missing parent directories; refuses a parent that is a symlink. */
        private Path ensureParent(String name) throws IOException {
            Path dir = root;
            String[] parts = name.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                dir = dir.resolve(parts[i]);
                if (Files.isSymbolicLink(dir)) {
                    throw new IOException("layer entry \"" + name + "\" goes through the symlink \""
                            + root.relativize(dir) + "\"; refusing to write outside the layer");
                }
                if (!Files.exists(dir, NOFOLLOW)) {
                    Files.createDirectory(dir);
                } else if (!Files.isDirectory(dir, NOFOLLOW)) {
                    throw new IOException("layer entry \"" + name + "\" needs \"" + root.relativize(dir)
                            + "\" to be a directory, but the layer has a file there");
                }
            }
            return dir;
        }

        private void applyMetadata(Path path, TarArchiveEntry entry, boolean directory) throws IOException {
            // Owner before mode: chown clears the setuid and setgid bits.
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            for (var header : entry.getExtraPaxHeaders().entrySet()) {
                if (header.getKey().startsWith("SCHILY.xattr.")) {
                    String xattr = header.getKey().substring("SCHILY.xattr.".length());
                    try {
                        FileNodes.setXattr(path, xattr, header.getValue().getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        // File systems differ in the namespaces they accept; the content still counts.
                    }
                }
            }
            if (!Files.isSymbolicLink(path)) {
                Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
            }
            FileTime mtime = entry.getLastModifiedTime();
            if (directory && mtime != null) {
                directoryTimes.add(Map.entry(path, mtime));
            } else if (mtime != null) {
                FileNodes.setTimes(path, mtime);
            }
        }

        private void removeExisting(Path path) throws IOException {
            if (Files.isDirectory(path, NOFOLLOW)) {
                deleteTree(path);
            } else {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Deletes a directory tree without following symlinks. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, NOFOLLOW)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("could not delete " + p + ": it is not empty (still mounted?)", e);
                }
            }
        }
    }

    /** Moves a finished directory into place atomically; false if another writer was first. */
    static boolean moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        }
    }
}
