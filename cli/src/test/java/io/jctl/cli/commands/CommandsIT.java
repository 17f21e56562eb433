package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The generators and the write commands, checked against what the server stored. */
class CommandsIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
        jctl.run("create", "namespace", "cmd").ok();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static Result ok(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = "cmd";
        System.arraycopy(args, 0, all, 2, args.length);
        return jctl.run(all).ok();
    }

    private static ObjectNode get(String path) {
        return jctl.api().get(path).json();
    }

    @Test
    void createDeploymentAsKubectlDoes() {
        assertThat(ok("create", "deployment", "web", "--image=registry.io/team/nginx:1.25", "--replicas=3", "--port=80")
                .out()).isEqualTo("deployment.apps/web created\n");
        ObjectNode d = get("/apis/apps/v1/namespaces/cmd/deployments/web");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
        assertThat(d.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("nginx");
        assertThat(d.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(80);

        assertThat(ok("scale", "deploy", "web", "--replicas=5").out()).isEqualTo("deployment.apps/web scaled\n");
        assertThat(get("/apis/apps/v1/namespaces/cmd/deployments/web").at("/spec/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void dryRunPrintsTheManifest() {
        String yaml = ok("create", "deployment", "preview", "--image=nginx", "--dry-run=client", "-o", "yaml").out();
        assertThat(yaml).contains("kind: Deployment", "name: preview", "image: nginx");
        assertThat(jctl.api().get("/apis/apps/v1/namespaces/cmd/deployments/preview").status()).isEqualTo(404);
    }

    @Test
    void configMapsAndSecretsFromLiteralsAndFiles() {
        jctl.write("data/app.properties", "color=blue\n");
        String file = jctl.home().resolve("data/app.properties").toString();
        assertThat(ok("create", "configmap", "cfg", "--from-literal=mode=fast", "--from-file=" + file).out())
                .isEqualTo("configmap/cfg created\n");
        ObjectNode cm = get("/api/v1/namespaces/cmd/configmaps/cfg");
        assertThat(cm.at("/data/mode").asText()).isEqualTo("fast");
        assertThat(cm.at("/data/app.properties").asText()).isEqualTo("color=blue\n");

        assertThat(ok("create", "secret", "generic", "creds", "--from-literal=user=admin", "--from-file=props=" + file)
                .out()).isEqualTo("secret/creds created\n");
        ObjectNode s = get("/api/v1/namespaces/cmd/secrets/creds");
        assertThat(new String(Base64.getDecoder().decode(s.at("/data/user").asText()))).isEqualTo("admin");
        assertThat(s.at("/data").has("props")).isTrue();
    }

    @Test
    void runCreatesOnePod() {
        assertThat(ok("run", "box", "--image=busybox", "--port=8080", "--", "sleep", "3600").out())
                .isEqualTo("pod/box created\n");
        ObjectNode p = get("/api/v1/namespaces/cmd/pods/box");
        assertThat(p.at("/metadata/labels/run").asText()).isEqualTo("box");
        assertThat(p.at("/spec/containers/0/args").toString()).isEqualTo("[\"sleep\",\"3600\"]");
        assertThat(p.at("/spec/restartPolicy").asText()).isEqualTo("Always");
    }

    @Test
    void labelAndAnnotate() {
        ok("create", "configmap", "tagged", "--from-literal=a=b");
        assertThat(ok("label", "configmap", "tagged", "tier=front", "env=dev").out()).isEqualTo("configmap/tagged labeled\n");
        Result clash = jctl.run("-n", "cmd", "label", "cm", "tagged", "tier=back");
        assertThat(clash.exit()).isEqualTo(1);
        assertThat(clash.err()).isEqualTo("error: 'tier' already has a value (front), and --overwrite is false\n");
        assertThat(ok("label", "cm/tagged", "tier=back", "--overwrite").out()).isEqualTo("configmap/tagged labeled\n");
        assertThat(ok("label", "cm", "tagged", "env-").out()).isEqualTo("configmap/tagged unlabeled\n");
        assertThat(ok("label", "cm", "tagged", "tier=back").out()).isEqualTo("configmap/tagged not labeled\n");
        assertThat(ok("annotate", "cm", "tagged", "note=hi").out()).isEqualTo("configmap/tagged annotated\n");
        ObjectNode cm = get("/api/v1/namespaces/cmd/configmaps/tagged");
        assertThat(cm.at("/metadata/labels").toString()).isEqualTo("{\"tier\":\"back\"}");
        assertThat(cm.at("/metadata/annotations/note").asText()).isEqualTo("hi");
        assertThat(ok("label", "cm", "-l", "tier=back", "selected=yes").out()).isEqualTo("configmap/tagged labeled\n");
    }

    @Test
    void patchInEachFormat() {
        ok("create", "deployment", "p", "--image=nginx");
        assertThat(ok("patch", "deployment", "p", "-p", "{\"spec\":{\"replicas\":2}}").out())
                .isEqualTo("deployment.apps/p patched\n");
        assertThat(ok("patch", "deploy/p", "--type", "merge", "-p", "metadata: {labels: {x: y}}").out())
                .isEqualTo("deployment.apps/p patched\n");
        assertThat(ok("patch", "deploy", "p", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]").out())
                .isEqualTo("deployment.apps/p patched\n");
        assertThat(ok("patch", "deploy", "p", "-p", "{\"spec\":{\"replicas\":4}}").out())
                .isEqualTo("deployment.apps/p patched (no change)\n");
        ObjectNode d = get("/apis/apps/v1/namespaces/cmd/deployments/p");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(d.at("/metadata/labels/x").asText()).isEqualTo("y");
    }

    @Test
    void deleteByNameSelectorAndFile() {
        ok("create", "configmap", "d1", "--from-literal=a=b");
        ok("create", "configmap", "d2", "--from-literal=a=b");
        ok("label", "cm", "d2", "gone=soon");
        assertThat(ok("delete", "configmap", "d1").out()).isEqualTo("configmap \"d1\" deleted\n");
        assertThat(ok("delete", "cm", "-l", "gone=soon", "--cascade=foreground", "--wait=false").out())
                .isEqualTo("configmap \"d2\" deleted\n");
        // Foreground deletion leaves the object to the garbage collector, marked and with its finalizer.
        ObjectNode marked = get("/api/v1/namespaces/cmd/configmaps/d2");
        assertThat(marked.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
        assertThat(marked.at("/metadata/finalizers").toString()).contains("foregroundDeletion");

        String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d3}\n";
        jctl.runWithInput(manifest, "-n", "cmd", "create", "-f", "-").ok();
        assertThat(jctl.runWithInput(manifest, "-n", "cmd", "delete", "-f", "-").ok().out())
                .isEqualTo("configmap \"d3\" deleted\n");

        Result missing = jctl.run("-n", "cmd", "delete", "cm", "d3");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error from server (NotFound): configmaps \"d3\" not found\n");
        assertThat(ok("delete", "cm", "d3", "--ignore-not-found").out()).isEmpty();
    }

    @Test
    void describeUsesTheDescribers() {
        ok("create", "configmap", "described", "--from-literal=a=b");
        Result r = ok("describe", "configmap", "described");
        assertThat(r.out()).contains("described");
        Result prefix = ok("describe", "cm", "describ");
        assertThat(prefix.out()).contains("described");
    }

    @Test
    void versionAndClusterInfo() {
        assertThat(jctl.run("version").ok().out()).startsWith("Client Version: v0.1.0\nServer Version: ");
        assertThat(jctl.run("version", "--client", "--server", "https://127.0.0.1:1").ok().out())
                .isEqualTo("Client Version: v0.1.0\n");
        assertThat(jctl.run("cluster-info").ok().out())
                .startsWith("Kubernetes control plane is running at " + jctl.api().baseUrl() + "\n");
    }

    @Test
    void completionScripts() {
        String bash = jctl.run("completion", "bash").ok().out();
        assertThat(bash).contains("complete -F", "api-resources", "--kubeconfig");
        assertThat(jctl.run("completion", "zsh").ok().out()).startsWith("autoload -U +X compinit");
        assertThat(jctl.run("completion", "fish").exit()).isEqualTo(1);
    }
}
