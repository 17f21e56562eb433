package io.jctl.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.runtime.image.RegistryException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The registry v2 HTTP API for one repository at one endpoint: manifests and blobs, with the
 * authentication dance registries expect (a 401 with {@code WWW-Authenticate: Bearer …} is
 * answered by fetching a token from the realm, {@code Basic} by sending the credentials) and
 * redirects followed by hand so that credentials never travel to a blob CDN.
 */
final class RegistryClient {
    private static final int MAX_MANIFEST = 4 << 20;
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final URI base;
    private final String registry;
    private final String repository;
    private final RegistryAuth auth;
    private String authorization;

    record Fetched(byte[] body, String mediaType, Digest digest) {
    }

    record Blob(InputStream body, long length) {
    }

    RegistryClient(HttpClient http, URI base, String registry, String repository, RegistryAuth auth) {
        this.http = http;
        this.base = base;
        this.registry = registry;
        this.repository = repository;
        this.auth = auth;
        if (auth.hasToken()) {
            authorization = "Bearer " + auth.registryToken();
        }
    }

    /** What a user should read as the registry: the endpoint when it is a mirror, else the registry name. */
    String where() {
        return registry.equals(base.getAuthority()) ? registry : registry + " (at " + base + ")";
    }

    Fetched manifest(String reference) throws IOException {
        URI uri = base.resolve("/v2/" + repository + "/manifests/" + reference);
        HttpResponse<InputStream> response = send(uri, MediaTypes.ACCEPT, Duration.ofSeconds(60));
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw failure(response, in, "manifest " + repository + ":" + reference);
            }
            byte[] body = in.readNBytes(MAX_MANIFEST + 1);
            if (body.length > MAX_MANIFEST) {
                throw new RegistryException(Kind.PROTOCOL, "manifest " + reference + " from " + where() + " is larger than 4 MiB");
            }
            String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
            return new Fetched(body, mediaType, Digest.of(body));
        }
    }

    Blob blob(Digest digest) throws IOException {
        URI uri = base.resolve("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<InputStream> response = send(uri, "*/*", null);
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                throw failure(response, in, "blob " + digest);
            }
        }
        return new Blob(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    private HttpResponse<InputStream> send(URI uri, String accept, Duration timeout) throws IOException {
        boolean authenticated = false;
        URI target = uri;
        for (int redirects = 0; ; ) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().header("Accept", accept)
                    .header("User-Agent", "jctl-runtime/0.1");
            if (timeout != null) {
                request.timeout(timeout);
            }
            // Credentials go to the registry only, never to whatever host a redirect names.
            if (authorization != null && Objects.equals(target.getAuthority(), base.getAuthority())) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = call(request.build());
            int status = response.statusCode();
            if (status == 401 && !authenticated && Objects.equals(target.getAuthority(), base.getAuthority())) {
                response.body().close();
                authorization = authenticate(AuthChallenge.parse(
                        response.headers().firstValue("WWW-Authenticate").orElse(null)));
                authenticated = true;
                continue;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                response.body().close();
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null || ++redirects > MAX_REDIRECTS) {
                    throw new RegistryException(Kind.PROTOCOL, where() + " redirected " + uri + " without end");
                }
                target = target.resolve(location);
                continue;
            }
            return response;
        }
    }

    private String authenticate(AuthChallenge challenge) throws IOException {
        if (challenge == null) {
            throw new RegistryException(Kind.UNAUTHENTICATED, "registry " + where() + " answered 401 without saying how to log in");
        }
        if (challenge.scheme().equals("basic")) {
            if (!auth.hasPassword()) {
                throw new RegistryException(Kind.UNAUTHENTICATED, "registry " + where()
                        + " requires a user name and password (Basic auth)");
            }
            return basic();
        }
        if (!challenge.scheme().equals("bearer") || challenge.param("realm") == null) {
            throw new RegistryException(Kind.UNAUTHENTICATED, "registry " + where() + " asks for unsupported authentication \""
                    + challenge.scheme() + "\"");
        }
        String scope = challenge.param("scope") != null ? challenge.param("scope") : "repository:" + repository + ":pull";
        StringBuilder query = new StringBuilder();
        if (challenge.param("service") != null) {
            query.append("service=").append(URLEncoder.encode(challenge.param("service"), StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI realm = URI.create(challenge.param("realm"));
        URI tokenUri = URI.create(realm + (realm.getQuery() == null ? "?" : "&") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).GET().timeout(Duration.ofSeconds(30))
                .header("User-Agent", "jctl-runtime/0.1");
        if (auth.hasPassword()) {
            request.header("Authorization", basic());
        }
        HttpResponse<InputStream> response = call(request.build());
        try (InputStream in = response.body()) {
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new RegistryException(Kind.UNAUTHENTICATED, "the token service " + realm.getAuthority() + " of registry "
                        + where() + " refused " + (auth.hasPassword() ? "the credentials of user " + auth.username() : "anonymous access")
                        + " (" + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                throw new RegistryException(Kind.UNAVAILABLE, "the token service " + realm + " of registry " + where()
                        + " answered " + response.statusCode());
            }
            JsonNode body = OciDocuments.read(in.readNBytes(1 << 20), "token response");
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException(Kind.PROTOCOL, "the token service " + realm + " sent no token");
            }
            return "Bearer " + token;
        }
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<InputStream> call(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "registry " + where() + " is unreachable: connecting to "
                    + request.uri().getAuthority() + " timed out", e);
        } catch (HttpTimeoutException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "registry " + where() + " did not answer " + request.uri() + " in time", e);
        } catch (ConnectException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "registry " + where() + " is unreachable: cannot connect to "
                    + request.uri().getAuthority() + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), e);
        } catch (javax.net.ssl.SSLException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "registry " + where() + ": TLS failed (" + e.getMessage()
                    + "); if it serves plain HTTP, start the runtime with --insecure-registry " + registry, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("pull interrupted");
        } catch (IOException e) {
            throw new RegistryException(Kind.UNAVAILABLE, "registry " + where() + " failed: " + e, e);
        }
    }

    private RegistryException failure(HttpResponse<?> response, InputStream body, String what) throws IOException {
        String detail = "";
        try {
            JsonNode errors = Json.mapper().readTree(body.readNBytes(64 * 1024)).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                detail = ": " + errors.get(0).path("code").asText("") + " " + errors.get(0).path("message").asText("");
            }
        } catch (IOException | RuntimeException e) {
            detail = "";
        }
        int status = response.statusCode();
        Kind kind = switch (status) {
            case 401 -> Kind.UNAUTHENTICATED;
            case 403 -> Kind.PERMISSION_DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.PROTOCOL;
        };
        String message = switch (kind) {
            case NOT_FOUND -> what + " not found in registry " + where();
            case UNAUTHENTICATED -> "registry " + where() + " refused access to " + what
                    + (auth.hasPassword() ? " with the credentials of user " + auth.username() : "; it may need credentials");
            case PERMISSION_DENIED -> "registry " + where() + " denied access to " + what;
            case RATE_LIMITED -> "registry " + where() + " is rate limiting pulls; try again later or configure a mirror";
            default -> "registry " + where() + " answered " + status + " for " + what;
        };
        return new RegistryException(kind, message + detail.stripTrailing());
    }
}
