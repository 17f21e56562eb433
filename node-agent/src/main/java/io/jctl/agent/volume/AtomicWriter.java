package io.jctl.agent.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kubelet's AtomicWriter: a payload is written to a fresh {@code ..<stamp>} directory,
 * then the {@code ..data} symlink is swapped to it with one rename, and every top-level entry is
 * a symlink through {@code ..data}. A reader sees the old set of files or the new one, never a mix.
 */
public final class AtomicWriter {
    static final String DATA = "..data";

    private AtomicWriter() {
    }

    /** @return true if anything changed */
    public static boolean write(Path dir, Map<String, byte[]> payload, int mode) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(DATA);
        Path current = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        if (current != null && same(current, payload)) {
            return false;
        }
        Path stamp = dir.resolve(".." + System.currentTimeMillis() + "_" + System.nanoTime());
        Files.createDirectory(stamp);
        for (Map.Entry<String, byte[]> e : payload.entrySet()) {
            Path f = stamp.resolve(e.getKey()).normalize();
            if (!f.startsWith(stamp)) {
                throw new IOException("volume path escapes its directory: " + e.getKey());
            }
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
            chmod(f, mode);
        }
        Path tmp = dir.resolve(DATA + "_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, stamp.getFileName());
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Set<String> top = new HashSet<>();
        payload.keySet().forEach(k -> top.add(k.split("/")[0]));
        for (String t : top) {
            Path link = dir.resolve(t);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createSymbolicLink(link, Path.of(DATA, t));
                } catch (FileAlreadyExistsException e) {
                    // created meanwhile
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith("..")) {
                    if (!name.equals(DATA) && !p.equals(stamp) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        deleteTree(p);
                    }
                } else if (Files.isSymbolicLink(p) && !top.contains(name)) {
                    Files.delete(p);
                }
            }
        }
        return true;
    }

    private static boolean same(Path dir, Map<String, byte[]> payload) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        long files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).count();
        }
        if (files != payload.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : payload.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f) || !Arrays.equals(Files.readAllBytes(f), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    static void chmod(Path f, int mode) {
        Set<PosixFilePermission> perms = new HashSet<>();
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(f, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file is still there with the default mode
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
