package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.JctlHarness.Result;
import io.jctl.cli.JctlHarness.Running;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * rollout and set image against an in-process api-server. No Deployment controller runs here, so
 * each test plays the controller: it creates the ReplicaSets (revision annotations, owner
 * references) and writes the statuses. Expected outputs are what kubectl 1.32 prints for the same objects.
 */
class RolloutIT {
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        jctl = JctlHarness.start();
        jctl.run("create", "namespace", "ro").ok();
    }

    @AfterAll
    static void stop() {
        jctl.close();
    }

    private static Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = "ro";
        System.arraycopy(args, 0, all, 2, args.length);
        return jctl.run(all);
    }

    private static ObjectNode deployment(String name) {
        return jctl.api().get("/apis/apps/v1/namespaces/ro/deployments/" + name).json();
    }

    /** A Deployment at revision 3 with three ReplicaSets (nginx:1.25, 1.26, 1.27), as the controller leaves them. */
    private static void deploymentWithHistory(String name) {
        String dep = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s",
                 "annotations":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}"}},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
                """.formatted(name, name, name);
        assertThat(jctl.api().post("/apis/apps/v1/namespaces/ro/deployments", dep).status()).isEqualTo(201);
        String uid = deployment(name).at("/metadata/uid").asText();
        String[] causes = {"", "kubectl set image deployment/" + name + " web=nginx:1.26", "upgrade to 1.27"};
        for (int r = 1; r <= 3; r++) {
            String hash = "h" + r;
            String rs = """
                    {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s-%s","labels":{"app":"%s","pod-template-hash":"%s"},
                     "annotations":{"deployment.kubernetes.io/revision":"%d"%s},
                     "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"%s","uid":"%s","controller":true,"blockOwnerDeletion":true}]},
                     "spec":{"replicas":0,"selector":{"matchLabels":{"app":"%s","pod-template-hash":"%s"}},
                      "template":{"metadata":{"labels":{"app":"%s","pod-template-hash":"%s"}},"spec":{"containers":[{"name":"web","image":"nginx:1.2%d"}]}}}}
                    """.formatted(name, hash, name, hash, r,
                    causes[r - 1].isEmpty() ? "" : ",\"kubernetes.io/change-cause\":\"" + causes[r - 1] + "\"",
                    name, uid, name, hash, name, hash, 4 + r);
            assertThat(jctl.api().post("/apis/apps/v1/namespaces/ro/replicasets", rs).status()).isEqualTo(201);
        }
        // Someone else's ReplicaSet with a matching label is not part of the history.
        String stray = """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s-stray","annotations":{"deployment.kubernetes.io/revision":"9"}},
                 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"web","image":"stray"}]}}}}
                """.formatted(name, name, name);
        assertThat(jctl.api().post("/apis/apps/v1/namespaces/ro/replicasets", stray).status()).isEqualTo(201);
    }

    private static void status(String name, String statusJson) {
        ObjectNode d = deployment(name);
        String body = "{\"status\":" + statusJson.replace("GEN", d.at("/metadata/generation").asText()) + "}";
        assertThat(jctl.api().patch("/apis/apps/v1/namespaces/ro/deployments/" + name + "/status",
                "application/merge-patch+json", body).status()).isEqualTo(200);
    }

    @Test
    void historyListsRevisionsWithChangeCauses() {
        deploymentWithHistory("hist");
        assertThat(run("rollout", "history", "deploy/hist").ok().out()).isEqualTo("""
                deployment.apps/hist\s
                REVISION  CHANGE-CAUSE
                1         <none>
                2         kubectl set image deployment/hist web=nginx:1.26
                3         upgrade to 1.27

                """);
        assertThat(run("rollout", "history", "deployment", "hist", "--revision=2").ok().out()).isEqualTo("""
                deployment.apps/hist with revision #2
                Pod Template:
                  Labels:\tapp=hist
                \tpod-template-hash=h2
                  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/hist web=nginx:1.26
                  Containers:
                   web:
                    Image:\tnginx:1.26
                    Port:\t<none>
                    Host Port:\t<none>
                    Environment:\t<none>
                    Mounts:\t<none>
                  Volumes:\t<none>
                  Node-Selectors:\t<none>
                  Tolerations:\t<none>

                """);
        Result missing = run("rollout", "history", "deploy/hist", "--revision=7");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: unable to find the specified revision\n");
    }

    @Test
    void undoPutsThePreviousTemplateBack() {
        deploymentWithHistory("undo");
        assertThat(run("rollout", "undo", "deploy/undo").ok().out()).isEqualTo("deployment.apps/undo rolled back\n");
        ObjectNode d = deployment("undo");
        assertThat(d.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.26");
        assertThat(d.at("/spec/template/metadata/labels").toString()).isEqualTo("{\"app\":\"undo\"}");
        // The Deployment keeps its own bookkeeping annotations and takes the ReplicaSet's others.
        assertThat(d.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText()).isEqualTo("3");
        assertThat(d.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText()).isEqualTo("{}");
        assertThat(d.at("/metadata/annotations/kubernetes.io~1change-cause").asText())
                .isEqualTo("kubectl set image deployment/undo web=nginx:1.26");

        assertThat(run("rollout", "undo", "deploy/undo", "--to-revision=2").ok().out())
                .isEqualTo("deployment.apps/undo skipped rollback (current template already matches revision 2)\n");
        assertThat(run("rollout", "undo", "deploy/undo", "--to-revision=1").ok().out())
                .isEqualTo("deployment.apps/undo rolled back\n");
        assertThat(deployment("undo").at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");

        Result missing = run("rollout", "undo", "deploy/undo", "--to-revision=9");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: unable to find specified revision 9 in history\n");
    }

    @Test
    void pauseResumeRestartAndTheirRefusals() {
        deploymentWithHistory("pr");
        assertThat(run("rollout", "pause", "deploy/pr").ok().out()).isEqualTo("deployment.apps/pr paused\n");
        assertThat(deployment("pr").at("/spec/paused").asBoolean()).isTrue();
        Result again = run("rollout", "pause", "deploy/pr");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: deployments.apps \"pr\" is already paused\n");

        Result undo = run("rollout", "undo", "deploy/pr");
        assertThat(undo.exit()).isEqualTo(1);
        assertThat(undo.err()).isEqualTo("error: you cannot rollback a paused deployment; resume it first with "
                + "'jctl rollout resume' and try again\n");
        Result restart = run("rollout", "restart", "deploy/pr");
        assertThat(restart.exit()).isEqualTo(1);
        assertThat(restart.err())
                .isEqualTo("error: deployments.apps \"pr\" can't restart paused deployment (run rollout resume first)\n");

        assertThat(run("rollout", "resume", "deploy/pr").ok().out()).isEqualTo("deployment.apps/pr resumed\n");
        assertThat(deployment("pr").at("/spec/paused").asBoolean(false)).isFalse();
        assertThat(run("rollout", "resume", "deploy/pr").err()).isEqualTo("error: deployments.apps \"pr\" is not paused\n");

        assertThat(run("rollout", "restart", "deploy/pr").ok().out()).isEqualTo("deployment.apps/pr restarted\n");
        assertThat(deployment("pr").at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");

        Result cm = run("rollout", "pause", "deploy/missing");
        assertThat(cm.exit()).isEqualTo(1);
        assertThat(cm.err()).startsWith("Error from server (NotFound): deployments.apps \"missing\" not found");
    }

    @Test
    void setImagePatchesTheTemplateByContainerName() {
        deploymentWithHistory("img");
        assertThat(run("set", "image", "deploy/img", "web=busybox:1.36").ok().out())
                .isEqualTo("deployment.apps/img image updated\n");
        assertThat(deployment("img").at("/spec/template/spec/containers/0/image").asText()).isEqualTo("busybox:1.36");
        // Nothing to change: kubectl prints nothing.
        assertThat(run("set", "image", "deployment/img", "web=busybox:1.36").ok().out()).isEmpty();

        Result unknown = run("set", "image", "deploy/img", "nope=x", "web=busybox:1.37");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).isEqualTo("deployment.apps/img image updated\n");
        assertThat(unknown.err()).isEqualTo("error: unable to find container named \"nope\"\n");

        assertThat(run("set", "image", "rs", "img-h1", "*=busybox:1.38").ok().out())
                .isEqualTo("replicaset.apps/img-h1 image updated\n");
        assertThat(jctl.api().get("/apis/apps/v1/namespaces/ro/replicasets/img-h1").json()
                .at("/spec/template/spec/containers/0/image").asText()).isEqualTo("busybox:1.38");

        run("run", "solo", "--image=nginx").ok();
        assertThat(run("set", "image", "pod/solo", "solo=nginx:1.27").ok().out()).isEqualTo("pod/solo image updated\n");
        assertThat(jctl.api().get("/api/v1/namespaces/ro/pods/solo").json().at("/spec/containers/0/image").asText())
                .isEqualTo("nginx:1.27");

        assertThat(run("set", "image", "deploy/img").err()).isEqualTo("error: at least one image update is required\n");
    }

    @Test
    void setImageAllChangesEveryObjectOfTheType() {
        jctl.run("create", "namespace", "every").ok();
        jctl.run("-n", "every", "create", "deployment", "all-a", "--image=nginx").ok();
        jctl.run("-n", "every", "create", "deployment", "all-b", "--image=nginx").ok();
        Result r = jctl.run("-n", "every", "set", "image", "deployments", "nginx=nginx:1.27", "--all").ok();
        assertThat(r.out()).isEqualTo("deployment.apps/all-a image updated\ndeployment.apps/all-b image updated\n");
        assertThat(jctl.api().get("/apis/apps/v1/namespaces/every/deployments/all-b").json()
                .at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
    }

    @Test
    void statusFollowsTheWatchUntilRolledOut() {
        deploymentWithHistory("st");
        Running r = jctl.start("-n", "ro", "rollout", "status", "deploy/st");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 1);
        status("st", "{\"observedGeneration\":GEN,\"replicas\":4,\"updatedReplicas\":1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 2);
        status("st", "{\"replicas\":4,\"updatedReplicas\":3}");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 3);
        status("st", "{\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":2,\"availableReplicas\":2}");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 4);
        status("st", "{\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":3,\"availableReplicas\":3}");
        Result done = r.await(Duration.ofSeconds(20));
        assertThat(done.exit()).isZero();
        assertThat(done.out()).isEqualTo("""
                Waiting for deployment spec update to be observed...
                Waiting for deployment "st" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "st" rollout to finish: 1 old replicas are pending termination...
                Waiting for deployment "st" rollout to finish: 2 of 3 updated replicas are available...
                deployment "st" successfully rolled out
                """);
        assertThat(run("rollout", "status", "deploy/st").ok().out()).isEqualTo("deployment \"st\" successfully rolled out\n");
        Result other = run("rollout", "status", "deploy/st", "--revision=2");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("error: desired revision (2) is different from the running revision (3)\n");
    }

    @Test
    void statusFailsOnProgressDeadlineAndTimeout() {
        deploymentWithHistory("dl");
        Result once = run("rollout", "status", "deploy/dl", "--watch=false");
        assertThat(once.exit()).isZero();
        assertThat(once.out()).isEqualTo("Waiting for deployment spec update to be observed...\n");

        Result timeout = run("rollout", "status", "deploy/dl", "--timeout=1s");
        assertThat(timeout.exit()).isEqualTo(1);
        assertThat(timeout.out()).isEqualTo("Waiting for deployment spec update to be observed...\n");
        assertThat(timeout.err()).isEqualTo("error: timed out waiting for the condition\n");

        Running r = jctl.start("-n", "ro", "rollout", "status", "deploy/dl");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 1);
        status("dl", "{\"observedGeneration\":GEN,\"replicas\":3,\"updatedReplicas\":1,"
                + "\"conditions\":[{\"type\":\"Progressing\",\"status\":\"False\",\"reason\":\"ProgressDeadlineExceeded\"}]}");
        Result failed = r.await(Duration.ofSeconds(20));
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).isEqualTo("error: deployment \"dl\" exceeded its progress deadline\n");
    }

    @Test
    void statusEndsWhenTheDeploymentIsDeleted() {
        deploymentWithHistory("gone");
        Running r = jctl.start("-n", "ro", "rollout", "status", "deploy/gone");
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().lines().count() == 1);
        jctl.api().delete("/apis/apps/v1/namespaces/ro/deployments/gone");
        Result ended = r.await(Duration.ofSeconds(20));
        assertThat(ended.exit()).isEqualTo(1);
        assertThat(ended.err()).isEqualTo("error: object has been deleted\n");
    }

    @Test
    void deleteSendsTheCascadePolicy() {
        run("create", "configmap", "orph", "--from-literal=a=b").ok();
        assertThat(run("delete", "cm", "orph", "--cascade=orphan", "--wait=false").ok().out())
                .isEqualTo("configmap \"orph\" deleted\n");
        // The server marks an Orphan delete with the orphan finalizer for the garbage collector.
        ObjectNode marked = jctl.api().get("/api/v1/namespaces/ro/configmaps/orph").json();
        assertThat(marked.at("/metadata/finalizers").toString()).contains("orphan");

        run("create", "configmap", "bg", "--from-literal=a=b").ok();
        assertThat(run("delete", "cm", "bg", "--cascade=background").ok().out()).isEqualTo("configmap \"bg\" deleted\n");
        assertThat(jctl.api().get("/api/v1/namespaces/ro/configmaps/bg").status()).isEqualTo(404);

        Result bad = run("delete", "cm", "x", "--cascade=sometimes");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: invalid cascade value (sometimes). Must be \"background\", \"foreground\", or \"orphan\".");
    }
}
