package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.apiserver.testing.TestApiServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A corpus of bad requests: each gets the status code and reason Kubernetes gives, an error
 * that names the field where there is one, and leaves the store exactly as it was.
 */
class BadInputIT {
    static TestApiServer api;
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
    static final String PODS = "/api/v1/namespaces/default/pods";

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
        api.post(CONFIGMAPS, "{\"metadata\":{\"name\":\"taken\"},\"data\":{\"a\":\"b\"}}");
        api.post(DEPLOYMENTS, ResourceVerbsIT.deployment("existing", 1, "nginx"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String deploymentWith(String specJson) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"bad\"},\"spec\":" + specJson + "}";
    }

    static String validSpec(String extra) {
        return "{\"selector\":{\"matchLabels\":{\"app\":\"x\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}" + extra + "}";
    }

    static String pod(String containersJson) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"badpod\"},\"spec\":{\"containers\":"
                + containersJson + "}}";
    }

    static Stream<Arguments> corpus() {
        String big = "x".repeat(4 * 1024 * 1024);
        String huge = "y".repeat(2 * 1024 * 1024);
        return Stream.of(
                // name, method, path, content type, body, code, reason, field named in a cause (or null)
                arguments("malformed JSON", "POST", CONFIGMAPS, "application/json", "{\"metadata\":", 400, "BadRequest", null),
                arguments("malformed YAML", "POST", CONFIGMAPS, "application/yaml", "metadata: [name", 400, "BadRequest", null),
                arguments("body is a list", "POST", CONFIGMAPS, "application/json", "[]", 400, "BadRequest", null),
                arguments("body is a string", "POST", CONFIGMAPS, "application/json", "\"cm\"", 400, "BadRequest", null),
                arguments("empty body", "POST", CONFIGMAPS, "application/json", "", 400, "BadRequest", null),
                arguments("replicas is a string", "POST", DEPLOYMENTS, "application/json",
                        deploymentWith(validSpec(",\"replicas\":\"three\"")), 400, "BadRequest", null),
                arguments("containers is an object", "POST", PODS, "application/json",
                        pod("{\"name\":\"c\"}"), 400, "BadRequest", null),
                arguments("labels is a list", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"l\",\"labels\":[\"a\"]}}", 400, "BadRequest", null),
                arguments("upper-case name", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"Bad\"}}", 422, "Invalid", "metadata.name"),
                arguments("underscore in name", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"a_b\"}}", 422, "Invalid", "metadata.name"),
                arguments("name too long", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"" + "a".repeat(300) + "\"}}", 422, "Invalid", "metadata.name"),
                arguments("no name", "POST", CONFIGMAPS, "application/json", "{\"metadata\":{}}", 422, "Invalid",
                        "metadata.name"),
                arguments("namespace name with a dot", "POST", "/api/v1/namespaces", "application/json",
                        "{\"metadata\":{\"name\":\"a.b\"}}", 422, "Invalid", "metadata.name"),
                arguments("selector does not match template", "POST", DEPLOYMENTS, "application/json",
                        deploymentWith("{\"selector\":{\"matchLabels\":{\"app\":\"y\"}},\"template\":{\"metadata\":"
                                + "{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}"),
                        422, "Invalid", "spec.template.metadata.labels"),
                arguments("no selector", "POST", DEPLOYMENTS, "application/json",
                        deploymentWith("{\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":"
                                + "[{\"name\":\"c\",\"image\":\"nginx\"}]}}}"), 422, "Invalid", "spec.selector"),
                arguments("negative replicas", "POST", DEPLOYMENTS, "application/json",
                        deploymentWith(validSpec(",\"replicas\":-2")), 422, "Invalid", "spec.replicas"),
                arguments("container without image", "POST", PODS, "application/json",
                        pod("[{\"name\":\"c\"}]"), 422, "Invalid", "spec.containers[0].image"),
                arguments("duplicate container names", "POST", PODS, "application/json",
                        pod("[{\"name\":\"c\",\"image\":\"a\"},{\"name\":\"c\",\"image\":\"b\"}]"), 422, "Invalid",
                        "spec.containers[1].name"),
                arguments("port out of range", "POST", PODS, "application/json",
                        pod("[{\"name\":\"c\",\"image\":\"a\",\"ports\":[{\"containerPort\":70000}]}]"), 422, "Invalid",
                        "spec.containers[0].ports[0].containerPort"),
                arguments("bad cpu quantity", "POST", PODS, "application/json",
                        pod("[{\"name\":\"c\",\"image\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]"), 422,
                        "Invalid", "spec.containers[0].resources.limits[cpu]"),
                arguments("unknown restartPolicy", "POST", PODS, "application/json",
                        "{\"metadata\":{\"name\":\"rp\"},\"spec\":{\"restartPolicy\":\"Sometimes\",\"containers\":"
                                + "[{\"name\":\"c\",\"image\":\"a\"}]}}", 422, "Invalid", "spec.restartPolicy"),
                arguments("maxUnavailable over 100%", "POST", DEPLOYMENTS, "application/json",
                        deploymentWith(validSpec(",\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
                                + "{\"maxUnavailable\":\"150%\"}}")), 422, "Invalid",
                        "spec.strategy.rollingUpdate.maxUnavailable"),
                arguments("service without ports", "POST", "/api/v1/namespaces/default/services", "application/json",
                        "{\"metadata\":{\"name\":\"svc\"},\"spec\":{\"selector\":{\"a\":\"b\"}}}", 422, "Invalid",
                        "spec.ports"),
                arguments("bad label value", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"lv\",\"labels\":{\"a\":\"not ok!\"}}}", 422, "Invalid",
                        "metadata.labels"),
                arguments("a Pod sent to configmaps", "POST", CONFIGMAPS, "application/json",
                        pod("[{\"name\":\"c\",\"image\":\"a\"}]"), 400, "BadRequest", null),
                arguments("wrong apiVersion", "POST", DEPLOYMENTS, "application/json",
                        "{\"apiVersion\":\"apps/v1beta1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"v\"}}", 400,
                        "BadRequest", null),
                arguments("namespace in body differs from URL", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"ns\",\"namespace\":\"kube-system\"}}", 400, "BadRequest", null),
                arguments("name in body differs from URL", "PUT", CONFIGMAPS + "/taken", "application/json",
                        "{\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest", null),
                arguments("name mismatch on an object that does not exist", "PUT", CONFIGMAPS + "/absent",
                        "application/json", "{\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest", null),
                arguments("stale resourceVersion", "PUT", CONFIGMAPS + "/taken", "application/json",
                        "{\"metadata\":{\"name\":\"taken\",\"resourceVersion\":\"1\"},\"data\":{\"a\":\"c\"}}", 409,
                        "Conflict", null),
                arguments("resourceVersion on create", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"withrv\",\"resourceVersion\":\"5\"}}", 400, "BadRequest", null),
                arguments("name already taken", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"taken\"}}", 409, "AlreadyExists", null),
                arguments("unknown resource", "GET", "/api/v1/namespaces/default/widgets", null, null, 404, "NotFound", null),
                arguments("unknown kind posted", "POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
                        "{\"metadata\":{\"name\":\"w\"}}", 404, "NotFound", null),
                arguments("namespace does not exist", "POST", "/api/v1/namespaces/nowhere/configmaps", "application/json",
                        "{\"metadata\":{\"name\":\"x\"}}", 404, "NotFound", null),
                arguments("text/plain body", "POST", CONFIGMAPS, "text/plain", "name: x", 415, "UnsupportedMediaType", null),
                arguments("patch as application/json", "PATCH", CONFIGMAPS + "/taken", "application/json",
                        "{\"data\":{\"a\":\"z\"}}", 415, "UnsupportedMediaType", null),
                arguments("failing JSON patch test", "PATCH", CONFIGMAPS + "/taken", "application/json-patch+json",
                        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"nope\"},{\"op\":\"remove\",\"path\":\"/data\"}]",
                        422, "Invalid", null),
                arguments("JSON patch that is not a list", "PATCH", CONFIGMAPS + "/taken", "application/json-patch+json",
                        "{\"op\":\"remove\"}", 400, "BadRequest", null),
                arguments("merge patch giving replicas a string", "PATCH", DEPLOYMENTS + "/existing",
                        "application/merge-patch+json", "{\"spec\":{\"replicas\":\"x\"}}", 400, "BadRequest", null),
                arguments("body over 3 MiB", "POST", CONFIGMAPS, "application/json",
                        "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + big + "\"}}", 413,
                        "RequestEntityTooLarge", null),
                arguments("object over 1.5 MiB", "POST", PODS, "application/json",
                        pod("[{\"name\":\"c\",\"image\":\"a\",\"env\":[{\"name\":\"E\",\"value\":\"" + huge + "\"}]}]"),
                        413, "RequestEntityTooLarge", null),
                arguments("bad label selector", "GET", CONFIGMAPS + "?labelSelector=a+in+(", null, null, 400, "BadRequest", null),
                arguments("unsupported field selector", "GET", CONFIGMAPS + "?fieldSelector=spec.nodeName%3Dx", null, null,
                        400, "BadRequest", null),
                arguments("limit is not a number", "GET", CONFIGMAPS + "?limit=ten", null, null, 400, "BadRequest", null),
                arguments("delete what does not exist", "DELETE", CONFIGMAPS + "/absent", null, null, 404, "NotFound", null),
                arguments("scale body of the wrong kind", "PUT", DEPLOYMENTS + "/existing/scale", "application/json",
                        "{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3}}", 400, "BadRequest", null),
                arguments("binding without a target", "POST", PODS + "/nopod/binding", "application/json",
                        "{\"kind\":\"Binding\",\"target\":{}}", 422, "Invalid", "target.name"),
                arguments("unknown dryRun value", "POST", CONFIGMAPS + "?dryRun=Some", "application/json",
                        "{\"metadata\":{\"name\":\"dr\"}}", 400, "BadRequest", null),
                arguments("POST to a named object", "POST", CONFIGMAPS + "/taken", "application/json",
                        "{\"metadata\":{\"name\":\"taken\"}}", 405, "MethodNotAllowed", null),
                arguments("unknown subresource", "GET", CONFIGMAPS + "/taken/status", null, null, 404, "NotFound", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectedAndNothingWritten(String name, String method, String path, String contentType, String body, int code,
                                   String reason, String field) {
        long before = api.server().store().currentRevision();
        Response r = api.request(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                api.token(), null);
        assertThat(r.status()).as(r.body().length() > 2000 ? r.body().substring(0, 2000) : r.body()).isEqualTo(code);
        JsonNode status = r.json();
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo(reason);
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("message").asText()).isNotBlank();
        if (field != null) {
            List<String> fields = new ArrayList<>();
            status.at("/details/causes").forEach(c -> fields.add(c.path("field").asText()));
            assertThat(fields).as(status.toString()).anyMatch(f -> f.startsWith(field));
        }
        assertThat(api.server().store().currentRevision()).as("nothing was written").isEqualTo(before);
    }
}
