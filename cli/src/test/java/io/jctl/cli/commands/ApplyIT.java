package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import io.jctl.cli.apply.Applier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl's client-side apply: create, three-way merge, unchanged, dry runs, directories. */
class ApplyIT {
    static JctlHarness jctl;

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: %s
              labels: {app: web%s}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: nginx
                    image: %s
            %s""";

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static ObjectNode get(String path) {
        return jctl.api().get(path).json();
    }

    @Test
    void createThenConfigureThenUnchanged() {
        jctl.run("create", "namespace", "a1").ok();
        Path f = jctl.write("a1/web.yaml", DEPLOYMENT.formatted("a1", ", tier: front", "nginx:1.25", ""));
        assertThat(jctl.run("apply", "-f", f.toString()).ok().out()).isEqualTo("deployment.apps/web created\n");
        ObjectNode live = get("/apis/apps/v1/namespaces/a1/deployments/web");
        assertThat(live.at("/metadata/annotations").path(Applier.LAST_APPLIED).asText()).contains("\"tier\":\"front\"");

        assertThat(jctl.run("apply", "-f", f.toString()).ok().out()).isEqualTo("deployment.apps/web unchanged\n");

        // The file drops the tier label and changes the image; another writer adds a label and an annotation.
        jctl.api().patch("/apis/apps/v1/namespaces/a1/deployments/web", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"owner\":\"ops\"},\"annotations\":{\"note\":\"kept\"}}}");
        jctl.write("a1/web.yaml", DEPLOYMENT.formatted("a1", "", "nginx:1.26", ""));
        assertThat(jctl.run("apply", "-f", f.toString()).ok().out()).isEqualTo("deployment.apps/web configured\n");
        live = get("/apis/apps/v1/namespaces/a1/deployments/web");
        assertThat(live.at("/metadata/labels").has("tier")).as("removed from the file").isFalse();
        assertThat(live.at("/metadata/labels/owner").asText()).as("set by another writer").isEqualTo("ops");
        assertThat(live.at("/metadata/annotations/note").asText()).isEqualTo("kept");
        assertThat(live.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.26");
        assertThat(live.at("/spec/replicas").asInt()).isEqualTo(2);

        assertThat(jctl.run("apply", "-f", f.toString()).ok().out()).isEqualTo("deployment.apps/web unchanged\n");
    }

    @Test
    void fieldsSetByOthersSurviveReapply() {
        jctl.run("create", "namespace", "a2").ok();
        Path f = jctl.write("a2/web.yaml", DEPLOYMENT.formatted("a2", "", "nginx:1.25", ""));
        jctl.run("apply", "-f", f.toString()).ok();
        // Someone adds an env var to the container (a list merged by name) and a second container.
        jctl.api().patch("/apis/apps/v1/namespaces/a2/deployments/web", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
                        + "{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}");
        jctl.write("a2/web.yaml", DEPLOYMENT.formatted("a2", "", "nginx:1.27", ""));
        assertThat(jctl.run("apply", "-f", f.toString()).ok().out()).isEqualTo("deployment.apps/web configured\n");
        ObjectNode live = get("/apis/apps/v1/namespaces/a2/deployments/web");
        assertThat(live.at("/spec/template/spec/containers").findValuesAsText("name")).contains("nginx", "sidecar");
        assertThat(live.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
        assertThat(live.at("/spec/template/spec/containers/0/env/0/name").asText()).isEqualTo("X");
    }

    @Test
    void directoryWithSeveralKindsAndDryRuns() {
        jctl.write("a3/manifests/00-ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        jctl.write("a3/manifests/10-app.yaml", DEPLOYMENT.formatted("shop", "", "nginx:1.25", """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-config, namespace: shop}
                data: {greeting: hello}
                """));
        String dir = jctl.home().resolve("a3/manifests").toString();
        assertThat(jctl.run("apply", "-f", dir, "--dry-run=client").ok().out()).isEqualTo("""
                namespace/shop created (dry run)
                deployment.apps/web created (dry run)
                configmap/web-config created (dry run)
                """);
        assertThat(jctl.api().get("/api/v1/namespaces/shop").status()).isEqualTo(404);
        assertThat(jctl.run("apply", "-f", dir).ok().out()).isEqualTo("""
                namespace/shop created
                deployment.apps/web created
                configmap/web-config created
                """);
        jctl.write("a3/manifests/10-app.yaml", DEPLOYMENT.formatted("shop", "", "nginx:1.25", """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-config, namespace: shop}
                data: {greeting: bonjour}
                """));
        assertThat(jctl.run("apply", "-f", dir, "--dry-run=server").ok().out()).isEqualTo("""
                namespace/shop unchanged (server dry run)
                deployment.apps/web unchanged (server dry run)
                configmap/web-config configured (server dry run)
                """);
        assertThat(get("/api/v1/namespaces/shop/configmaps/web-config").at("/data/greeting").asText()).isEqualTo("hello");
        assertThat(jctl.run("apply", "-R", "-f", jctl.home().resolve("a3").toString()).ok().out()).isEqualTo("""
                namespace/shop unchanged
                deployment.apps/web unchanged
                configmap/web-config configured
                """);
        assertThat(get("/api/v1/namespaces/shop/configmaps/web-config").at("/data/greeting").asText()).isEqualTo("bonjour");
    }

    @Test
    void namespaceFromContextOrFlagAndConflicts() {
        jctl.run("create", "namespace", "a4").ok();
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {k: v}\n";
        assertThat(jctl.runWithInput(cm, "-n", "a4", "apply", "-f", "-").ok().out()).isEqualTo("configmap/plain created\n");
        assertThat(jctl.api().get("/api/v1/namespaces/a4/configmaps/plain").status()).isEqualTo(200);

        Result r = jctl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a4}\n",
                "-n", "other", "apply", "-f", "-");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: error when applying \"STDIN\" (document 1): the namespace from the "
                + "provided object \"a4\" does not match the namespace \"other\" (STDIN (document 1)).\n"
                + "You must pass '--namespace=a4' to perform this operation.\n");
    }

    @Test
    void oneFailingObjectDoesNotStopTheOthers() {
        Result r = jctl.runWithInput("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: good, namespace: default}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: lost, namespace: no-such-ns}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """, "apply", "-f", "-");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("configmap/good created\n");
        assertThat(r.err()).isEqualTo("""
                Error from server (NotFound): error when applying "STDIN" (document 2): namespaces "no-such-ns" not found
                Create it with `jctl create namespace no-such-ns`.
                error: error when applying "STDIN" (document 3): resource mapping not found for kind "Widget" in version "example.com/v1"
                Ensure the kind and apiVersion are right (see `jctl api-resources`).
                """);
    }
}
