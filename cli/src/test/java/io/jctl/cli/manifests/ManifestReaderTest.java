package io.jctl.cli.manifests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestReaderTest {
    @TempDir
    Path dir;

    private static final ByteArrayInputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    @Test
    void syntaxErrorInDocumentThreeNamesFileDocumentAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: one
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: two
                   bad: indentation
                data: {}
                """);
        assertThatThrownBy(() -> ManifestReader.read(List.of(f.toString()), false, NO_STDIN))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("error: error parsing " + f + ": document 3, line 15: ");
    }

    @Test
    void multiDocumentYamlJsonAndListsInFileOrder() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                # only a comment
                ---
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: c1}}
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: c2}}
                """);
        Files.writeString(dir.resolve("b.json"), """
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/c.yml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");

        List<Manifest> flat = ManifestReader.read(List.of(dir.toString()), false, NO_STDIN);
        assertThat(flat).extracting(m -> m.kind() + "/" + m.name() + "@" + m.document())
                .containsExactly("Namespace/shop@1", "ConfigMap/c1@3", "ConfigMap/c2@3", "Deployment/web@1");
        assertThat(flat.get(3).namespace()).isEqualTo("shop");

        List<Manifest> recursive = ManifestReader.read(List.of(dir.toString()), true, NO_STDIN);
        assertThat(recursive).extracting(Manifest::name).containsExactly("shop", "c1", "c2", "web", "s");
    }

    @Test
    void stdinIsReadForADash() {
        List<Manifest> m = ManifestReader.read(List.of("-"), false, new ByteArrayInputStream(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin}\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("from-stdin");
            assertThat(x.source()).isEqualTo("STDIN");
        });
    }

    @Test
    void aDocumentWithoutKindNamesDocumentAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("x.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ok}
                ---
                apiVersion: v1
                metadata: {name: nokind}
                """);
        assertThatThrownBy(() -> ManifestReader.read(List.of(f.toString()), false, NO_STDIN))
                .hasMessage("error: error validating " + f + ": document 2 (line 5): kind not set.\n"
                        + "Every object needs apiVersion and kind, e.g. apiVersion: apps/v1 and kind: Deployment.");
    }

    @Test
    void jsonSyntaxErrorNamesTheLine() throws IOException {
        Path f = Files.writeString(dir.resolve("x.json"), "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\"\n  \"metadata\": {}\n}\n");
        assertThatThrownBy(() -> ManifestReader.read(List.of(f.toString()), false, NO_STDIN))
                .hasMessageStartingWith("error: error parsing " + f + ": document 1, line 4: ");
    }

    @Test
    void missingPath() {
        assertThatThrownBy(() -> ManifestReader.read(List.of(dir.resolve("nope.yaml").toString()), false, NO_STDIN))
                .hasMessage("error: the path \"" + dir.resolve("nope.yaml") + "\" does not exist");
    }

    @Test
    void documentNumbersCountSeparators() {
        String text = "---\na: 1\n---\nb: 2\n---\n\n---\nc: 3\n";
        assertThat(ManifestReader.documentAt(text, 2)).isEqualTo(1);
        assertThat(ManifestReader.documentAt(text, 4)).isEqualTo(2);
        assertThat(ManifestReader.documentAt(text, 8)).isEqualTo(3);
    }
}
