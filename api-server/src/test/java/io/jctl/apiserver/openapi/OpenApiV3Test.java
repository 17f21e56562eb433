package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.kinds.ConfigMapType;
import io.jctl.apiserver.registry.kinds.NamespaceType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents checked the way kubectl 1.32 reads them (cli-runtime's queryParamVerifierV3 and
 * apply's Patcher), for the served kinds plus stand-ins for Deployment and Pod with their
 * subresources, so the generator is exercised on the kinds that are being added.
 */
class OpenApiV3Test {
    /** apps/v1 Deployment as the registry will serve it: status and scale subresources. */
    static final class DeploymentStandIn extends ResourceType<Deployment> {
        DeploymentStandIn() {
            super("apps", "v1", "Deployment", "deployments", true, Deployment.class);
        }

        @Override
        public boolean hasStatus() {
            return true;
        }

        @Override
        public Set<String> extraSubresources() {
            return Set.of("scale");
        }
    }

    static final class PodStandIn extends ResourceType<Pod> {
        PodStandIn() {
            super("", "v1", "Pod", "pods", true, Pod.class);
        }

        @Override
        public boolean hasStatus() {
            return true;
        }

        @Override
        public Set<String> extraSubresources() {
            return Set.of("binding", "log", "exec");
        }
    }

    private static final ResourceRegistry REGISTRY = new ResourceRegistry(List.of(new NamespaceType(),
            new ConfigMapType(), new PodStandIn(), new DeploymentStandIn()));
    private final OpenApiV3 openapi = new OpenApiV3(REGISTRY);

    @Test
    void theRootListsOneDocumentPerGroupVersionWithAHash() {
        ObjectNode root = openapi.document("/openapi/v3");
        assertThat(root.get("paths").fieldNames()).toIterable().containsExactly("api/v1", "apis/apps/v1");
        for (String gv : List.of("api/v1", "apis/apps/v1")) {
            String url = root.at("/paths/" + gv.replace("/", "~1") + "/serverRelativeURL").asText();
            assertThat(url).matches("/openapi/v3/" + gv + "\\?hash=[0-9A-F]{128}");
            ObjectNode doc = openapi.document(url.substring(0, url.indexOf('?')));
            assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
        }
        assertThat(openapi.document("/openapi/v3/apis/batch/v1")).isNull();
        assertThat(openapi.document("/openapi/v2")).isNull();
        // The same registry gives the same URLs, so clients caching by hash keep their copy.
        assertThat(new OpenApiV3(REGISTRY).document("/openapi/v3")).isEqualTo(root);
    }

    @Test
    void everyKindsPatchTakesFieldValidationSoKubectlValidatesOnTheServer() {
        for (ResourceType<?> t : REGISTRY.all()) {
            List<JsonNode> patches = patchOperations(doc(t.group(), t.version()), t.group(), t.version(), t.kind());
            assertThat(patches).as(t.kind()).isNotEmpty();
            for (JsonNode op : patches) {
                List<String> query = new ArrayList<>();
                op.path("parameters").forEach(p -> {
                    if (p.path("in").asText().equals("query")) {
                        query.add(p.path("name").asText());
                    }
                });
                assertThat(query).as(t.kind()).contains("fieldValidation", "dryRun", "fieldManager");
                // Not advertised: kubectl computes apply patches from its own types instead.
                assertThat(op.at("/requestBody/content").has("application/strategic-merge-patch+json")).isFalse();
                assertThat(op.at("/requestBody/content").has("application/merge-patch+json")).isTrue();
            }
        }
    }

    @Test
    void everyKindHasASchemaTaggedWithItsGroupVersionKind() {
        for (ResourceType<?> t : REGISTRY.all()) {
            ObjectNode doc = doc(t.group(), t.version());
            JsonNode schema = schemaOf(doc, t.group(), t.version(), t.kind());
            assertThat(schema).as(t.kind()).isNotNull();
            assertThat(schema.at("/properties/metadata/$ref").asText()).endsWith(".ObjectMeta");
            assertThat(schemaOf(doc, t.group(), t.version(), t.kind() + "List")).as(t.kind() + "List").isNotNull();
        }
    }

    @Test
    void deploymentSchemasReachIntoThePodTemplate() {
        ObjectNode doc = doc("apps", "v1");
        JsonNode deployment = schemaOf(doc, "apps", "v1", "Deployment");
        JsonNode spec = resolve(doc, deployment.at("/properties/spec"));
        JsonNode template = resolve(doc, spec.at("/properties/template"));
        JsonNode podSpec = resolve(doc, template.at("/properties/spec"));
        JsonNode containers = podSpec.at("/properties/containers");
        assertThat(containers.path("type").asText()).isEqualTo("array");
        JsonNode container = resolve(doc, containers.path("items"));
        assertThat(container.at("/properties/image/type").asText()).isEqualTo("string");
        assertThat(resolve(doc, container.at("/properties/ports/items")).at("/properties/containerPort/format")
                .asText()).isEqualTo("int32");
        JsonNode strategy = resolve(doc, spec.at("/properties/strategy"));
        JsonNode rolling = resolve(doc, strategy.at("/properties/rollingUpdate"));
        assertThat(rolling.at("/properties/maxSurge/x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(spec.at("/properties/replicas/type").asText()).isEqualTo("integer");
    }

    @Test
    void subresourcesAreDescribedWithTheirOwnKinds() {
        ObjectNode apps = doc("apps", "v1");
        JsonNode scale = apps.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1scale");
        assertThat(scale.at("/patch/x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}");
        assertThat(schemaOf(apps, "autoscaling", "v1", "Scale")).isNotNull();
        JsonNode status = apps.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1status");
        assertThat(status.at("/put/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Deployment");

        ObjectNode core = doc("", "v1");
        String pod = "/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}";
        assertThat(core.at(pod + "~1binding/post/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Binding");
        assertThat(core.at(pod + "~1log/get/responses/200/content").has("text/plain")).isTrue();
        assertThat(core.at(pod + "~1exec/post/x-kubernetes-action").asText()).isEqualTo("connect");
        assertThat(core.at("/paths/~1api~1v1~1namespaces~1{name}~1finalize/put/operationId").asText())
                .isEqualTo("replaceCoreV1NamespaceFinalize");
        assertThat(core.at("/paths/~1api~1v1~1pods/get/operationId").asText())
                .isEqualTo("listCoreV1PodForAllNamespaces");
    }

    @Test
    void refsResolveAndOperationIdsAreUnique() {
        for (String gv : openapi.groupVersionPaths()) {
            ObjectNode doc = openapi.document("/openapi/v3/" + gv);
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            assertThat(refs).isNotEmpty();
            for (String ref : refs) {
                assertThat(ref).startsWith("#/components/schemas/");
                assertThat(doc.at("/components/schemas").has(ref.substring("#/components/schemas/".length())))
                        .as(ref).isTrue();
            }
            Set<String> ids = new HashSet<>();
            doc.get("paths").forEach(p -> p.fields().forEachRemaining(op -> {
                if (op.getValue().has("operationId")) {
                    assertThat(ids.add(op.getValue().get("operationId").asText())).as(op.getValue()
                            .get("operationId").asText()).isTrue();
                }
            }));
        }
    }

    private ObjectNode doc(String group, String version) {
        return openapi.document("/openapi/v3/" + (group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version));
    }

    /** The PATCH operations kubectl would match for a kind (x-kubernetes-group-version-kind on the operation). */
    private static List<JsonNode> patchOperations(ObjectNode doc, String group, String version, String kind) {
        List<JsonNode> out = new ArrayList<>();
        doc.get("paths").forEach(path -> {
            JsonNode gvk = path.path("patch").path("x-kubernetes-group-version-kind");
            if (gvk.path("group").asText().equals(group) && gvk.path("version").asText().equals(version)
                    && gvk.path("kind").asText().equals(kind)) {
                out.add(path.get("patch"));
            }
        });
        return out;
    }

    /** The component whose x-kubernetes-group-version-kind list names the kind, as kubectl explain finds it. */
    private static JsonNode schemaOf(ObjectNode doc, String group, String version, String kind) {
        for (Map.Entry<String, JsonNode> e : iterable(doc.at("/components/schemas"))) {
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asText().equals(group) && gvk.path("version").asText().equals(version)
                        && gvk.path("kind").asText().equals(kind)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private static JsonNode resolve(ObjectNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        assertThat(ref).as(schema.toString()).startsWith("#/components/schemas/");
        return doc.at("/components/schemas").get(ref.substring("#/components/schemas/".length()));
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    out.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
