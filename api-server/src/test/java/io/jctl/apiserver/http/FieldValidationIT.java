package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fieldValidation query parameter over HTTPS: status codes, messages and Warning headers. */
class FieldValidationIT {
    static TestApiServer api;
    static HttpClient http;
    static final String CMS = "/api/v1/namespaces/default/configmaps";

    record Answer(int status, JsonNode body, List<String> warnings) {
    }

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
        http = HttpClient.newBuilder().sslContext(TestApiServer.sslContext(api.server().caCertificatePem()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Answer send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + api.token())
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.mapper().readTree(r.body()), r.headers().allValues("Warning"));
    }

    @Test
    void createWarnsByDefaultAndStoresNothingUnknown() throws Exception {
        Answer a = send("POST", CMS, "application/json",
                "{\"metadata\":{\"name\":\"warned\",\"labelz\":{}},\"data\":{\"a\":\"b\"},\"dataa\":{\"c\":\"d\"}}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.warnings()).containsExactly("299 - \"unknown field \\\"metadata.labelz\\\"\"",
                "299 - \"unknown field \\\"dataa\\\"\"");
        assertThat(a.body().has("dataa")).isFalse();
        assertThat(api.get(CMS + "/warned").json().has("dataa")).isFalse();
        assertThat(api.get(CMS + "/warned").at("/metadata").has("labelz")).isFalse();
    }

    @Test
    void strictRefusesCreatesUpdatesAndEveryPatchType() throws Exception {
        Answer create = send("POST", CMS + "?fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"strict\"},\"dataa\":{},\"spec\":{\"x\":1}}");
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(create.body().path("message").asText()).isEqualTo("ConfigMap in version \"v1\" cannot be handled as "
                + "a ConfigMap: strict decoding error: unknown field \"dataa\", unknown field \"spec\"");
        assertThat(api.get(CMS + "/strict").status()).isEqualTo(404);

        assertThat(send("POST", CMS + "?fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"strict\"},\"data\":{\"a\":\"1\"}}").status()).isEqualTo(201);
        Answer put = send("PUT", CMS + "/strict?fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"strict\"},\"data\":{\"a\":\"2\"},\"immutible\":true}");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body().path("message").asText()).endsWith("unknown field \"immutible\"");
        for (String[] patch : List.of(
                new String[]{"application/merge-patch+json", "{\"dataa\":{\"x\":\"y\"}}"},
                new String[]{"application/strategic-merge-patch+json", "{\"dataa\":{\"x\":\"y\"}}"},
                new String[]{"application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/dataa\",\"value\":{}}]"})) {
            Answer p = send("PATCH", CMS + "/strict?fieldValidation=Strict", patch[0], patch[1]);
            assertThat(p.status()).as(patch[0]).isEqualTo(400);
            assertThat(p.body().path("message").asText()).as(patch[0]).endsWith("unknown field \"dataa\"");
        }
        assertThat(api.get(CMS + "/strict").at("/data/a").asText()).isEqualTo("1");
    }

    @ParameterizedTest
    @CsvSource({"Ignore,0", "Warn,1", "'',1"})
    void ignoreAndWarnDropTheFieldAndDifferOnlyInWarnings(String directive, int warnings) throws Exception {
        String name = "d-" + (directive.isEmpty() ? "default" : directive.toLowerCase());
        Answer a = send("POST", CMS + "?fieldValidation=" + directive, "application/json",
                "{\"metadata\":{\"name\":\"" + name + "\"},\"extra\":1}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.warnings()).hasSize(warnings);
        Answer p = send("PATCH", CMS + "/" + name + "?fieldValidation=" + directive, "application/merge-patch+json",
                "{\"data\":{\"k\":\"v\"},\"extra\":2}");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.warnings()).hasSize(warnings);
        assertThat(p.body().has("extra")).isFalse();
        assertThat(p.body().at("/data/k").asText()).isEqualTo("v");
    }

    @Test
    void dryRunStillValidates() throws Exception {
        Answer a = send("POST", CMS + "?dryRun=All&fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"dry\"},\"dataa\":{}}");
        assertThat(a.status()).isEqualTo(400);
        Answer w = send("POST", CMS + "?dryRun=All", "application/json", "{\"metadata\":{\"name\":\"dry\"},\"dataa\":{}}");
        assertThat(w.status()).isEqualTo(201);
        assertThat(w.warnings()).hasSize(1);
        assertThat(api.get(CMS + "/dry").status()).isEqualTo(404);
    }

    @Test
    void anUnknownDirectiveIsABadRequest() throws Exception {
        Answer a = send("POST", CMS + "?fieldValidation=Loud", "application/json", "{\"metadata\":{\"name\":\"loud\"}}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("message").asText()).contains("fieldValidation").contains("\"Loud\"");
    }

    @Test
    void openApiDocumentsAreServed() throws Exception {
        assertThat(api.get("/openapi/v3").at("/paths/api~1v1/serverRelativeURL").asText()).startsWith(
                "/openapi/v3/api/v1?hash=");
        assertThat(api.get("/openapi/v3/api/v1?hash=whatever").json().path("openapi").asText()).isEqualTo("3.0.0");
        assertThat(api.get("/openapi/v3/apis/nothing/v1").status()).isEqualTo(404);
        assertThat(api.request("GET", "/openapi/v3", null, null, null, null).status()).isEqualTo(401);

        assertThat(api.get("/openapi/v2").json().path("swagger").asText()).isEqualTo("2.0");
        HttpResponse<byte[]> pb = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/openapi/v2"))
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pb.statusCode()).isEqualTo(200);
        assertThat(pb.headers().firstValue("Content-Type")).hasValue(
                "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        assertThat(pb.body()).startsWith(0x0a, 3, '2', '.', '0');
    }
}
