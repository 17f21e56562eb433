package io.jctl.apiserver.fabric8;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.WebSocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fabric8 http interceptor that notes each request the client sends ("WS GET /path" for a
 * WebSocket upgrade) and each status it gets, so a test can tell which protocol the client
 * chose and a failure shows the exchange that caused it.
 */
final class RequestRecorder implements Interceptor {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String kind = builder instanceof WebSocket.Builder ? "WS " : "";
        String type = request instanceof StandardHttpRequest r ? r.getContentType() : request.header("Content-Type");
        lines.add("-> " + kind + request.method() + " " + pathAndQuery(request)
                + (type == null ? "" : " [" + type + "]"));
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        lines.add("<- " + response.code() + " " + request.method() + " " + pathAndQuery(request));
    }

    /** Called for failed WebSocket upgrades, which never reach {@link #after}. */
    @Override
    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
        if (builder instanceof WebSocket.Builder) {
            lines.add("<- " + response.code() + " WS " + response.request().method() + " "
                    + pathAndQuery(response.request()) + " (upgrade refused)");
        }
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        lines.add("<- FAILED " + request.method() + " " + pathAndQuery(request) + ": " + failure);
    }

    private static String pathAndQuery(HttpRequest request) {
        String q = request.uri().getRawQuery();
        return request.uri().getRawPath() + (q == null ? "" : "?" + q);
    }

    /** Every line noted so far, oldest first. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines that mention {@code fragment}. */
    List<String> matching(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).toList();
    }
}
