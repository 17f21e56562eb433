package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden error output: one or two human lines (plus one per field for 422), exit code 1, no stack trace. */
class ErrorsIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
        jctl.run("create", "namespace", "errors").ok();
        jctl.run("-n", "errors", "create", "configmap", "taken", "--from-literal=a=b").ok();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static void assertFailure(Result r, String expectedErr) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(expectedErr);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void unreachableServer() {
        Result r = jctl.run("--server", "https://127.0.0.1:1", "get", "pods");
        assertFailure(r, """
                The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?
                Is the api-server running (`jctld up`)? The address comes from context "jctl" of kubeconfig %s.
                """.formatted(jctl.kubeconfig()));
    }

    @Test
    void serverCertificateNotSignedByTheKubeconfigCa() {
        Path kc = jctl.home().resolve("untrusted.yaml");
        KubeConfig.empty().putCluster(new KubeConfig.Cluster("c", jctl.api().baseUrl(), null, null, false))
                .putUser(KubeConfig.User.withToken("u", jctl.api().token()))
                .putContext(new KubeConfig.Context("untrusted", "c", "u", null)).setCurrentContext("untrusted").write(kc);
        Result r = jctl.run("--kubeconfig", kc.toString(), "get", "pods");
        assertFailure(r, "Unable to connect to the server " + jctl.api().baseUrl() + ": the server's certificate is not "
                + "signed by the certificate authority in context \"untrusted\" of kubeconfig " + kc + ".\n"
                + "Fix certificate-authority-data in the kubeconfig (or use --insecure-skip-tls-verify for a throwaway "
                + "cluster).\n");
        assertThat(jctl.run("--kubeconfig", kc.toString(), "--insecure-skip-tls-verify", "get", "ns", "default").exit())
                .isZero();
    }

    @Test
    void rejectedToken() {
        Result r = jctl.run("--token", "not-the-token", "get", "pods");
        assertFailure(r, """
                error: You must be logged in to the server (Unauthorized).
                The credentials of context "jctl" of kubeconfig %s were rejected: get a fresh token (`jctld up` writes ~/.jctl/config) or pass --token.
                """.formatted(jctl.kubeconfig()));
    }

    @Test
    void notFound() {
        assertFailure(jctl.run("-n", "errors", "get", "deployment", "web"), """
                Error from server (NotFound): deployments.apps "web" not found
                Check the name and the namespace ("errors"): `jctl get deployments.apps -n errors` lists them.
                """);
    }

    @Test
    void missingNamespace() {
        assertFailure(jctl.run("-n", "nowhere", "create", "configmap", "x"), """
                Error from server (NotFound): namespaces "nowhere" not found
                Create it with `jctl create namespace nowhere`.
                """);
    }

    @Test
    void alreadyExists() {
        assertFailure(jctl.run("-n", "errors", "create", "configmap", "taken"), """
                Error from server (AlreadyExists): configmaps "taken" already exists
                Use `jctl apply -f` to change the existing object, or delete it first.
                """);
    }

    @Test
    void invalidListsEachField() {
        Path f = jctl.write("invalid.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bad
                spec:
                  replicas: -1
                  selector:
                    matchLabels: {app: bad}
                  template:
                    metadata:
                      labels: {app: other}
                    spec:
                      containers:
                      - name: c
                """);
        Result r = jctl.run("-n", "errors", "create", "-f", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("The Deployment.apps \"bad\" is invalid (creating \"" + f + "\" (document 1)):\n");
        assertThat(r.err().lines().filter(l -> l.startsWith("* ")).toList())
                .contains("* spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                        "* spec.template.spec.containers[0].image: Required value");
        assertThat(r.err()).endsWith("Fix these fields and try again.\n");
    }

    @Test
    void unknownResourceType() {
        assertFailure(jctl.run("get", "widgets"), """
                error: the server doesn't have a resource type "widgets"
                See `jctl api-resources` for the types it has.
                """);
    }

    @Test
    void missingKubeconfig() {
        Result r = jctl.runWithEnv(Map.of("KUBECONFIG", "/nonexistent/kubeconfig"), "", "get", "pods");
        assertFailure(r, """
                error: no kubeconfig at /nonexistent/kubeconfig.
                Start a cluster with `jctld up`, or pass --kubeconfig FILE (or --server URL --token TOKEN).
                """);
    }

    @Test
    void unknownFlagIsAUsageError() {
        Result r = jctl.run("get", "pods", "--frobnicate");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: Unknown option: '--frobnicate'\nSee 'jctl get --help' for usage.\n");
    }
}
