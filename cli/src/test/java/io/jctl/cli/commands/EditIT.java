package io.jctl.cli.commands;

import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** jctl edit with EDITOR set to small shell scripts that change the file as a user would. */
class EditIT {
    static JctlHarness jctl;
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        jctl = JctlHarness.start();
        tmp = Files.createDirectories(jctl.home().resolve("tmp"));
        jctl.run("create", "namespace", "ed").ok();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static Result edit(String script, String... args) {
        Path editor = jctl.write("editors/" + Math.abs(script.hashCode()) + ".sh", "#!/bin/sh\n" + script + "\n");
        editor.toFile().setExecutable(true);
        String[] all = Stream.concat(Stream.of("-n", "ed", "edit"), Stream.of(args)).toArray(String[]::new);
        return jctl.runWithEnv(Map.of("EDITOR", editor.toString(), "TMPDIR", tmp.toString()), "", all);
    }

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }

    @Test
    void aSedChangeIsSentAsAMergePatch() throws IOException {
        jctl.run("-n", "ed", "create", "configmap", "colors", "--from-literal=color=blue").ok();
        Result r = edit("sed -i 's/color: blue/color: green/' \"$1\"", "configmap", "colors").ok();
        assertThat(r.out()).isEqualTo("configmap/colors edited\n");
        assertThat(jctl.api().get("/api/v1/namespaces/ed/configmaps/colors").json().at("/data/color").asText())
                .isEqualTo("green");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theFileStartsWithKubectlsHeaderAndJsonWorksToo() {
        jctl.run("-n", "ed", "create", "configmap", "shapes", "--from-literal=shape=round").ok();
        Path seen = jctl.home().resolve("seen.json");
        Result r = edit("cp \"$1\" " + seen + "; sed -i 's/\"round\"/\"square\"/' \"$1\"",
                "configmap/shapes", "-o", "json").ok();
        assertThat(r.out()).isEqualTo("configmap/shapes edited\n");
        assertThat(jctl.api().get("/api/v1/namespaces/ed/configmaps/shapes").json().at("/data/shape").asText())
                .isEqualTo("square");
        try {
            assertThat(Files.readString(seen)).startsWith(EditCommand.HEADER + "{\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnchangedFileCancels() {
        jctl.run("-n", "ed", "create", "configmap", "same", "--from-literal=a=b").ok();
        Result r = edit("true", "configmap", "same").ok();
        assertThat(r.out()).isEqualTo("Edit cancelled, no changes made.\n");
    }

    @Test
    void aRejectedEditReopensWithTheErrorAndTheFixIsSent() {
        jctl.run("-n", "ed", "create", "deployment", "web", "--image=nginx").ok();
        Path seen = jctl.home().resolve("second-round.yaml");
        String script = "if grep -q 'was not valid' \"$1\"; then cp \"$1\" " + seen
                + "; sed -i 's/replicas: -1/replicas: 2/' \"$1\"; "
                + "else sed -i '0,/^  replicas: .*/s//  replicas: -1/' \"$1\"; fi";
        Result r = edit(script, "deploy", "web").ok();
        assertThat(r.out()).isEqualTo("deployment.apps/web edited\n");
        assertThat(jctl.api().get("/apis/apps/v1/namespaces/ed/deployments/web").json().at("/spec/replicas").asInt())
                .isEqualTo(2);
        try {
            assertThat(Files.readString(seen)).startsWith(EditCommand.HEADER
                    + "# deployments.apps \"web\" was not valid:\n# * spec.replicas");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void savingARejectedEditUnchangedStopsAndKeepsACopy() throws IOException {
        jctl.run("-n", "ed", "create", "deployment", "stuck", "--image=nginx").ok();
        String script = "grep -q 'was not valid' \"$1\" || sed -i '0,/^  replicas: .*/s//  replicas: -1/' \"$1\"";
        Result r = edit(script, "deployment", "stuck");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Edit cancelled, no valid changes were saved.", "A copy of your changes has been stored to");
        List<Path> kept = leftovers();
        assertThat(kept).hasSize(1);
        assertThat(r.err()).contains(kept.get(0).toString());
        assertThat(Files.readString(kept.get(0))).contains("replicas: -1");
        Files.delete(kept.get(0));
        assertThat(jctl.api().get("/apis/apps/v1/namespaces/ed/deployments/stuck").json().at("/spec/replicas").asInt())
                .isEqualTo(1);
    }
    @Test
    void aConflictReopensWithTheUsersChangesOnTheCurrentVersion() throws IOException {
        jctl.run("-n", "ed", "create", "configmap", "race", "--from-literal=color=blue").ok();
        Path mark = jctl.home().resolve("race.mark");
        Path seen = jctl.home().resolve("race-second-round.yaml");
        String otherWriter = "curl -sfk -X PATCH -H 'Authorization: Bearer " + jctl.api().token() + "'"
                + " -H 'Content-Type: application/merge-patch+json' -d '{\"data\":{\"other\":\"server\"}}' "
                + jctl.api().baseUrl() + "/api/v1/namespaces/ed/configmaps/race >/dev/null";
        String script = "if [ ! -f " + mark + " ]; then touch " + mark + "; " + otherWriter
                + "; sed -i 's/color: blue/color: green/' \"$1\"; else cp \"$1\" " + seen + "; fi";
        Result r = edit(script, "cm/race").ok();
        assertThat(r.out()).isEqualTo("configmap/race edited\n");
        assertThat(jctl.api().get("/api/v1/namespaces/ed/configmaps/race").json().get("data").toString())
                .isEqualTo("{\"color\":\"green\",\"other\":\"server\"}");
        assertThat(Files.readString(seen)).contains("has been modified", "color: green", "other: server");
    }
}
