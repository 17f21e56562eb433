package io.jctl.api.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What {@link ApiClient#raw} got back: any status, unparsed body, headers with lower-case names. */
public record RawResponse(int status, byte[] body, Map<String, List<String>> headers) {
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String bodyString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Throws the ApiException the server described unless the status is 2xx. */
    public RawResponse throwIfFailed() {
        if (!isSuccess()) {
            throw ApiClient.toApiException(status, body);
        }
        return this;
    }

    public ObjectNode json() {
        return Json.readObject(body);
    }
}
