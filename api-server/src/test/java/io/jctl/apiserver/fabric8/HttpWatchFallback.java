package io.jctl.apiserver.fabric8;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;

import java.net.URI;

/**
 * Test only: turns fabric8's WebSocket watch attempt into a plain list, which the server answers
 * with a complete 200, so fabric8 falls back to its HTTP streaming watch, as it does against
 * servers without WebSocket watches. The plain client covers the WebSocket path.
 */
final class HttpWatchFallback implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        URI uri = request.uri();
        if (builder instanceof WebSocket.Builder && uri.getRawQuery() != null && uri.getRawQuery().contains("watch=true")) {
            builder.uri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?limit=1"));
        }
    }
}
