package io.jctl.runtime.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobStoreTest {
    @TempDir
    Path layout;

    @Test
    void storesContentUnderItsDigest() throws IOException {
        BlobStore blobs = new BlobStore(layout);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Digest d = blobs.put(new ByteArrayInputStream(content), Digest.of(content), content.length, "greeting", null);
        assertThat(d.hex()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Files.readAllBytes(layout.resolve("blobs/sha256/" + d.hex()))).isEqualTo(content);
        assertThat(blobs.all()).containsExactly(d);
    }

    @Test
    void digestMismatchIsRejectedAndNothingKept() throws IOException {
        BlobStore blobs = new BlobStore(layout);
        Digest claimed = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)),
                claimed, -1, "layer x", null))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer x should have digest " + claimed);
        assertThat(blobs.all()).isEmpty();
        try (var ingest = Files.list(layout.resolve("ingest"))) {
            assertThat(ingest).isEmpty();
        }
    }

    @Test
    void sizeMismatchIsRejected() throws IOException {
        BlobStore blobs = new BlobStore(layout);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), null, 3, "blob", null))
                .hasMessageContaining("larger than the 3 bytes announced");
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), null, 9, "blob", null))
                .hasMessageContaining("has 5 bytes, 9 were announced");
        assertThat(blobs.all()).isEmpty();
    }

    @Test
    void leftoversOfACrashedWriteAreDroppedAtOpen() throws IOException {
        Files.createDirectories(layout.resolve("ingest"));
        Files.writeString(layout.resolve("ingest/half.tmp"), "half");
        new BlobStore(layout);
        assertThat(layout.resolve("ingest/half.tmp")).doesNotExist();
    }
}
