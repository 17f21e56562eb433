package io.jctl.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Content-addressed blobs of an OCI image layout: {@code blobs/sha256/<hex>}. A blob is written
 * to {@code ingest/} first and moved into place only once its digest checked out, so a file under
 * {@code blobs/} always holds exactly the content its name promises.
 */
public final class BlobStore {
    private final Path blobs;
    private final Path ingest;

    public BlobStore(Path layoutDir) throws IOException {
        this.blobs = layoutDir.resolve("blobs").resolve("sha256");
        this.ingest = layoutDir.resolve("ingest");
        Files.createDirectories(blobs);
        Files.createDirectories(ingest);
        // Whatever a crashed write left in ingest/ was never verified: drop it.
        try (Stream<Path> leftovers = Files.list(ingest)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    public Optional<Long> size(Digest digest) throws IOException {
        Path p = path(digest);
        return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
    }

    public byte[] read(Digest digest) throws IOException {
        return Files.readAllBytes(path(digest));
    }

    /** Stores bytes whose digest is computed here. */
    public Digest put(byte[] content) throws IOException {
        Digest digest = Digest.of(content);
        if (!contains(digest)) {
            Path tmp = Files.createTempFile(ingest, digest.hex(), ".tmp");
            try {
                Files.write(tmp, content);
                moveIntoPlace(tmp, digest);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return digest;
    }

    /**
     * Streams content into the store, checking it against {@code expected} (when given) and
     * {@code expectedSize} (when ≥ 0). Nothing is kept on a mismatch.
     *
     * @param progress told the running byte count now and then (may be null)
     */
    public Digest put(InputStream in, Digest expected, long expectedSize, String what, LongConsumer progress)
            throws IOException {
        Path tmp = Files.createTempFile(ingest, expected != null ? expected.hex() : "blob", ".tmp");
        try {
            MessageDigest md = Digest.sha256();
            long total = 0;
            long reported = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[128 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    total += n;
                    if (expectedSize >= 0 && total > expectedSize) {
                        throw new IOException(what + " is larger than the " + expectedSize + " bytes announced; it was discarded");
                    }
                    if (progress != null && total - reported >= 1 << 20) {
                        progress.accept(total);
                        reported = total;
                    }
                }
            }
            if (expectedSize >= 0 && total != expectedSize) {
                throw new IOException(what + " has " + total + " bytes, " + expectedSize + " were announced; it was discarded");
            }
            Digest actual = Digest.of(md);
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException(what, expected, actual);
            }
            if (progress != null && total != reported) {
                progress.accept(total);
            }
            if (!contains(actual)) {
                moveIntoPlace(tmp, actual);
            }
            return actual;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void moveIntoPlace(Path tmp, Digest digest) throws IOException {
        try {
            Files.move(tmp, path(digest), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another writer stored the same content first; identical by construction.
        }
    }

    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
    }

    public List<Digest> all() throws IOException {
        List<Digest> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(blobs)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    result.add(new Digest(p.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    // not ours
                }
            }
        }
        return result;
    }
}
