package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.apiserver.testing.TestApiServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every verb over HTTPS against the embedded store, as kubectl and client-go use them. */
class ResourceVerbsIT {
    static TestApiServer api;

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String deployment(String name, int replicas, String image) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"containers":[{"name":"web","image":"%s","ports":[{"containerPort":80}],
                     "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}
                """.formatted(name, name, replicas, name, name, image);
    }

    @Test
    void systemNamespacesExistFromTheStart() {
        Response r = api.get("/api/v1/namespaces");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().get("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
        assertThat(names).contains("default", "kube-system");
        assertThat(r.json().at("/items/0/status/phase").asText()).isEqualTo("Active");
    }

    @Test
    void createGetListUpdateDeleteADeployment() {
        Response created = api.post("/apis/apps/v1/namespaces/default/deployments", deployment("crud", 2, "busybox:1.36"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ObjectNode d = created.json();
        assertThat(d.at("/metadata/uid").asText()).isNotEmpty();
        assertThat(d.at("/metadata/creationTimestamp").asText()).isNotEmpty();
        assertThat(d.at("/metadata/generation").asInt()).isEqualTo(1);
        // Defaults as Kubernetes fills them in.
        assertThat(d.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(d.at("/spec/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
        assertThat(d.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(d.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(d.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Always");
        assertThat(d.at("/spec/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");

        Response got = api.get("/apis/apps/v1/namespaces/default/deployments/crud");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.resourceVersion()).isEqualTo(created.resourceVersion());

        ObjectNode change = got.json();
        ((ObjectNode) change.get("spec")).put("replicas", 5);
        Response updated = api.put("/apis/apps/v1/namespaces/default/deployments/crud", change.toString());
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(updated.at("/metadata/generation").asInt()).isEqualTo(2);
        assertThat(Long.parseLong(updated.resourceVersion())).isGreaterThan(Long.parseLong(got.resourceVersion()));

        // The same body again carries a stale resourceVersion now.
        Response stale = api.put("/apis/apps/v1/namespaces/default/deployments/crud", change.toString());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.reason()).isEqualTo("Conflict");
        assertThat(stale.json().path("message").asText())
                .contains("Operation cannot be fulfilled on deployments.apps \"crud\"");

        Response deleted = api.delete("/apis/apps/v1/namespaces/default/deployments/crud");
        assertThat(deleted.status()).isEqualTo(200);
        Response gone = api.get("/apis/apps/v1/namespaces/default/deployments/crud");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("message").asText()).isEqualTo("deployments.apps \"crud\" not found");
    }

    @Test
    void statusIsIgnoredOnTheMainResourceAndWrittenThroughStatus() {
        api.post("/apis/apps/v1/namespaces/default/deployments", deployment("st", 1, "nginx"));
        Response withStatus = api.patch("/apis/apps/v1/namespaces/default/deployments/st",
                "application/merge-patch+json", "{\"status\":{\"replicas\":7}}");
        assertThat(withStatus.status()).isEqualTo(200);
        assertThat(withStatus.at("/status/replicas").isMissingNode()).isTrue();

        Response status = api.patch("/apis/apps/v1/namespaces/default/deployments/st/status",
                "application/merge-patch+json", "{\"status\":{\"replicas\":7},\"spec\":{\"replicas\":9}}");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.at("/status/replicas").asInt()).isEqualTo(7);
        assertThat(status.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(status.at("/metadata/generation").asInt()).isEqualTo(1);
    }

    @Test
    void patchTypes() {
        String path = "/apis/apps/v1/namespaces/default/deployments/patchme";
        api.post("/apis/apps/v1/namespaces/default/deployments", deployment("patchme", 1, "nginx:1.25"));

        Response merge = api.patch(path, "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}");
        assertThat(merge.at("/metadata/labels/tier").asText()).isEqualTo("front");
        assertThat(merge.at("/metadata/labels/app").asText()).isEqualTo("patchme");

        Response json = api.patch(path, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.at("/spec/replicas").asInt()).isEqualTo(3);

        // What `kubectl set image` sends: containers merged by name, env by name.
        Response smp = api.patch(path, "application/strategic-merge-patch+json", """
                {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27",
                  "env":[{"name":"B","value":"20"}]}]}}}}""");
        assertThat(smp.status()).as(smp.body()).isEqualTo(200);
        JsonNode c = smp.at("/spec/template/spec/containers/0");
        assertThat(c.path("image").asText()).isEqualTo("nginx:1.27");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
        assertThat(c.at("/env").size()).isEqualTo(2);
        assertThat(c.at("/env/1/value").asText()).isEqualTo("20");
        assertThat(smp.at("/metadata/generation").asInt()).isEqualTo(3);

        Response stale = api.patch(path, "application/merge-patch+json",
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":1}}");
        assertThat(stale.status()).isEqualTo(409);
    }

    @Test
    void generateNameMakesAUniqueName() {
        Response a = api.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"generateName\":\"gen-\"},\"data\":{\"k\":\"v\"}}");
        Response b = api.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"generateName\":\"gen-\"},\"data\":{\"k\":\"v\"}}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.at("/metadata/name").asText()).startsWith("gen-").hasSize(9);
        assertThat(b.at("/metadata/name").asText()).isNotEqualTo(a.at("/metadata/name").asText());
    }

    @Test
    void listWithSelectorsAndPaging() {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"paging\"}}");
        for (int i = 0; i < 7; i++) {
            api.post("/api/v1/namespaces/paging/configmaps", "{\"metadata\":{\"name\":\"cm-" + i
                    + "\",\"labels\":{\"parity\":\"" + (i % 2 == 0 ? "even" : "odd") + "\",\"i\":\"" + i + "\"}}}");
        }
        assertThat(names(api.get("/api/v1/namespaces/paging/configmaps?labelSelector=parity%3Deven")))
                .containsExactly("cm-0", "cm-2", "cm-4", "cm-6");
        assertThat(names(api.get("/api/v1/namespaces/paging/configmaps?labelSelector=i+in+(1,2),parity!%3Dodd")))
                .containsExactly("cm-2");
        assertThat(names(api.get("/api/v1/namespaces/paging/configmaps?labelSelector=!i"))).isEmpty();
        assertThat(names(api.get("/api/v1/namespaces/paging/configmaps?fieldSelector=metadata.name%3Dcm-3")))
                .containsExactly("cm-3");

        List<String> all = new ArrayList<>();
        String cont = "";
        int pages = 0;
        String rv = null;
        do {
            Response page = api.get("/api/v1/namespaces/paging/configmaps?limit=3" + (cont.isEmpty() ? "" : "&continue=" + cont));
            all.addAll(names(page));
            cont = page.at("/metadata/continue").asText("");
            if (rv == null) {
                rv = page.resourceVersion();
            }
            assertThat(page.resourceVersion()).isEqualTo(rv);
            // A write between pages does not show up: pages come from one revision.
            api.post("/api/v1/namespaces/paging/configmaps", "{\"metadata\":{\"generateName\":\"late-\"}}");
            pages++;
        } while (!cont.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(all).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6");
    }

    @Test
    void allNamespacesListAndCrossNamespaceIsolation() {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"iso-a\"}}");
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"iso-b\"}}");
        api.post("/api/v1/namespaces/iso-a/configmaps", "{\"metadata\":{\"name\":\"same\"}}");
        assertThat(api.post("/api/v1/namespaces/iso-b/configmaps", "{\"metadata\":{\"name\":\"same\"}}").status())
                .isEqualTo(201);
        Response all = api.get("/api/v1/configmaps?fieldSelector=metadata.name%3Dsame");
        assertThat(all.json().get("items")).hasSize(2);
        Response only = api.get("/api/v1/namespaces/iso-a/configmaps?fieldSelector=metadata.name%3Dsame");
        assertThat(only.json().get("items")).hasSize(1);
    }

    @Test
    void scaleSubresourceAsKubectlScaleUsesIt() {
        api.post("/apis/apps/v1/namespaces/default/deployments", deployment("scaled", 2, "nginx"));
        Response scale = api.get("/apis/apps/v1/namespaces/default/deployments/scaled/scale");
        assertThat(scale.status()).isEqualTo(200);
        assertThat(scale.at("/kind").asText()).isEqualTo("Scale");
        assertThat(scale.at("/apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(scale.at("/status/selector").asText()).isEqualTo("app=scaled");

        Response patched = api.patch("/apis/apps/v1/namespaces/default/deployments/scaled/scale",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":2000}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(2000);
        assertThat(api.get("/apis/apps/v1/namespaces/default/deployments/scaled").at("/spec/replicas").asInt())
                .isEqualTo(2000);

        Response negative = api.patch("/apis/apps/v1/namespaces/default/deployments/scaled/scale",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}");
        assertThat(negative.status()).isEqualTo(422);
    }

    @Test
    void podBindingAndGracefulDeletion() {
        String pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},
                 "spec":{"containers":[{"name":"c","image":"busybox"}]}}""";
        Response created = api.post("/api/v1/namespaces/default/pods", pod);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(created.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(30);

        Response bind = api.post("/api/v1/namespaces/default/pods/p1/binding",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\"},\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}");
        assertThat(bind.status()).as(bind.body()).isEqualTo(201);
        Response bound = api.get("/api/v1/namespaces/default/pods/p1");
        assertThat(bound.at("/spec/nodeName").asText()).isEqualTo("n1");
        assertThat(bound.at("/status/conditions/0/type").asText()).isEqualTo("PodScheduled");
        Response again = api.post("/api/v1/namespaces/default/pods/p1/binding",
                "{\"target\":{\"kind\":\"Node\",\"name\":\"n2\"}}");
        assertThat(again.status()).isEqualTo(409);

        assertThat(names(api.get("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1"))).containsExactly("p1");

        Response graceful = api.delete("/api/v1/namespaces/default/pods/p1");
        assertThat(graceful.status()).isEqualTo(200);
        assertThat(graceful.at("/metadata/deletionTimestamp").asText()).isNotEmpty();
        assertThat(graceful.at("/metadata/deletionGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(api.get("/api/v1/namespaces/default/pods/p1").status()).isEqualTo(200);

        // The node agent confirms the stop with grace period 0.
        Response confirm = api.request("DELETE", "/api/v1/namespaces/default/pods/p1", "application/json",
                "{\"gracePeriodSeconds\":0}");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/default/pods/p1").status()).isEqualTo(404);
    }

    @Test
    void unscheduledPodsAreDeletedAtOnce() {
        api.post("/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"p-unscheduled"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(api.delete("/api/v1/namespaces/default/pods/p-unscheduled").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/default/pods/p-unscheduled").status()).isEqualTo(404);
    }

    @Test
    void finalizersKeepAnObjectUntilRemoved() {
        api.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"fin\",\"finalizers\":[\"example.com/keep\"]}}");
        Response del = api.delete("/api/v1/namespaces/default/configmaps/fin");
        assertThat(del.status()).isEqualTo(200);
        Response still = api.get("/api/v1/namespaces/default/configmaps/fin");
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.at("/metadata/deletionTimestamp").asText()).isNotEmpty();
        Response cleared = api.patch("/api/v1/namespaces/default/configmaps/fin", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/default/configmaps/fin").status()).isEqualTo(404);
    }

    @Test
    void deleteCollectionBySelector() {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"dc\"}}");
        for (int i = 0; i < 4; i++) {
            api.post("/api/v1/namespaces/dc/configmaps", "{\"metadata\":{\"name\":\"c" + i + "\",\"labels\":{\"g\":\""
                    + (i < 3 ? "x" : "y") + "\"}}}");
        }
        assertThat(api.delete("/api/v1/namespaces/dc/configmaps?labelSelector=g%3Dx").status()).isEqualTo(200);
        assertThat(names(api.get("/api/v1/namespaces/dc/configmaps"))).containsExactly("c3");
    }

    @Test
    void deletePreconditions() {
        Response cm = api.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"pre\"}}");
        Response wrong = api.request("DELETE", "/api/v1/namespaces/default/configmaps/pre", "application/json",
                "{\"preconditions\":{\"uid\":\"not-the-uid\"}}");
        assertThat(wrong.status()).isEqualTo(409);
        Response right = api.request("DELETE", "/api/v1/namespaces/default/configmaps/pre", "application/json",
                "{\"preconditions\":{\"uid\":\"" + cm.at("/metadata/uid").asText() + "\"}}");
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void namespaceDeletionAndTerminatingNamespaces() {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"doomed\"}}");
        api.post("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"x\"}}");
        Response del = api.delete("/api/v1/namespaces/doomed");
        assertThat(del.status()).isEqualTo(200);
        Response ns = api.get("/api/v1/namespaces/doomed");
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Terminating");
        Response refused = api.post("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"y\"}}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("message").asText()).contains("being terminated");

        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"empty-ns\"}}");
        assertThat(api.delete("/api/v1/namespaces/empty-ns").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/namespaces/empty-ns").status()).isEqualTo(404);
    }

    @Test
    void dryRunStoresNothing() {
        Response r = api.request("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json",
                "{\"metadata\":{\"name\":\"dry\"}}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/namespaces/default/configmaps/dry").status()).isEqualTo(404);
    }

    @Test
    void yamlBodiesAreAcceptedAsJsonIs() {
        Response r = api.request("POST", "/api/v1/namespaces/default/configmaps", "application/yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: from-yaml
                data:
                  key: value
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.at("/data/key").asText()).isEqualTo("value");
    }

    @Test
    void tablesForKubectl() {
        api.post("/apis/apps/v1/namespaces/default/deployments", deployment("tabled", 3, "nginx"));
        Response t = api.request("GET", "/apis/apps/v1/namespaces/default/deployments", null, null, api.token(),
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.at("/kind").asText()).isEqualTo("Table");
        List<String> cols = new ArrayList<>();
        t.json().get("columnDefinitions").forEach(c -> cols.add(c.path("name").asText()));
        assertThat(cols).startsWith("Name", "Ready", "Up-to-date", "Available", "Age");
        assertThat(t.at("/metadata/resourceVersion").asText()).isNotEmpty();
        boolean found = false;
        for (JsonNode row : t.json().get("rows")) {
            if (row.at("/cells/0").asText().equals("tabled")) {
                found = true;
                assertThat(row.at("/cells/1").asText()).isEqualTo("0/3");
                assertThat(row.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void requestsWithoutAValidTokenGet401() {
        Response none = api.request("GET", "/api/v1/namespaces", null, null, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("kind").asText()).isEqualTo("Status");
        assertThat(none.reason()).isEqualTo("Unauthorized");
        assertThat(api.request("GET", "/api/v1/namespaces", null, null, "wrong", null).status()).isEqualTo(401);
        assertThat(api.request("GET", "/healthz", null, null, null, null).status()).isEqualTo(200);
    }

    @Test
    void discoveryListsResourcesWithShortNamesAndSubresources() {
        assertThat(api.get("/api").at("/versions/0").asText()).isEqualTo("v1");
        Response groups = api.get("/apis");
        List<String> names = new ArrayList<>();
        groups.json().get("groups").forEach(g -> names.add(g.path("name").asText()));
        assertThat(names).contains("apps", "coordination.k8s.io");
        Response apps = api.get("/apis/apps/v1");
        JsonNode scale = null;
        JsonNode deployments = null;
        for (JsonNode r : apps.json().get("resources")) {
            if (r.path("name").asText().equals("deployments/scale")) {
                scale = r;
            }
            if (r.path("name").asText().equals("deployments")) {
                deployments = r;
            }
        }
        assertThat(deployments).isNotNull();
        assertThat(deployments.path("shortNames").get(0).asText()).isEqualTo("deploy");
        assertThat(scale).isNotNull();
        assertThat(scale.path("group").asText()).isEqualTo("autoscaling");
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        JsonNode core = api.get("/api/v1").json();
        List<String> coreNames = new ArrayList<>();
        core.get("resources").forEach(r -> coreNames.add(r.path("name").asText()));
        assertThat(coreNames).contains("pods", "pods/status", "pods/binding", "namespaces", "nodes", "services",
                "endpoints", "configmaps", "secrets", "events");
        assertThat(api.get("/version").at("/major").asText()).isEqualTo("1");
    }

    @Test
    void metricsCountRequests() {
        api.get("/api/v1/namespaces/default/configmaps");
        Response m = api.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.body()).contains("apiserver_request_total{code=\"200\",resource=\"configmaps\",verb=\"LIST\"}")
                .contains("apiserver_request_duration_seconds_bucket")
                .contains("etcd_request_duration_seconds");
    }

    static List<String> names(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.json().get("items").forEach(i -> out.add(i.at("/metadata/name").asText()));
        return out;
    }
}
