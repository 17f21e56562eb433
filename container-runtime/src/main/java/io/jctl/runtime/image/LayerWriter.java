package io.jctl.runtime.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a directory tree as a layer tarball: entries in sorted order (so the same tree gives the
 * same digest), PAX headers for long names and big numbers, owners, modes, symlinks, hardlinks,
 * devices and fifos as found. Sockets are skipped, as Docker does.
 */
public final class LayerWriter {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private LayerWriter() {
    }

    /**
     * @param clampMtime when not null, no entry gets a later modification time (reproducible builds,
     *                   as {@code SOURCE_DATE_EPOCH} does)
     */
    public static void write(Path dir, OutputStream out, Instant clampMtime) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).map(dir::relativize).sorted().toList();
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Map<String, String> firstNameOfInode = new HashMap<>();
        for (Path rel : paths) {
            Path p = dir.resolve(rel);
            Map<String, Object> a = Files.readAttributes(p, "unix:*", NOFOLLOW);
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            String name = rel.toString().replace('\\', '/');
            TarArchiveEntry entry;
            boolean withContent = false;
            switch (type) {
                case 0040000 -> entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
                case 0120000 -> {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                    entry.setLinkName(Files.readSymbolicLink(p).toString());
                }
                case 0100000 -> {
                    String inode = a.get("dev") + ":" + a.get("ino");
                    String first = ((Integer) a.get("nlink")) > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
                    if (first != null) {
                        entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                        entry.setLinkName(first);
                    } else {
                        entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                        entry.setSize((Long) a.get("size"));
                        withContent = true;
                    }
                }
                case 0020000, 0060000 -> {
                    entry = new TarArchiveEntry(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                    long rdev = (Long) a.get("rdev");
                    entry.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
                    entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
                }
                case 0010000 -> entry = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
                default -> {
                    continue; // sockets
                }
            }
            entry.setMode(mode & 07777);
            entry.setUserId(((Integer) a.get("uid")).longValue());
            entry.setGroupId(((Integer) a.get("gid")).longValue());
            entry.setUserName("");
            entry.setGroupName("");
            FileTime mtime = (FileTime) a.get("lastModifiedTime");
            if (clampMtime != null && mtime.toInstant().isAfter(clampMtime)) {
                mtime = FileTime.from(clampMtime);
            }
            entry.setModTime(mtime.toMillis() / 1000 * 1000);
            tar.putArchiveEntry(entry);
            if (withContent) {
                Files.copy(p, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }
}
